## tests/pm.mk: automake rules (included by Makefile.am).
