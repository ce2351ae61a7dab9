## tests/os1k.mk: automake rules (included by Makefile.am).
