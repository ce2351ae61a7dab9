## fuzz/local.mk: automake rules for fuzz (included by Makefile.am).
