## guests/local.mk: automake rules for guests (included by Makefile.am).
