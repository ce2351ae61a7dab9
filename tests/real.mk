## tests/real.mk: automake rules (included by Makefile.am).
