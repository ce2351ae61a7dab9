## os-1k/local.mk: automake rules for os-1k (included by Makefile.am).
