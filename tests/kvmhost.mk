## tests/kvmhost.mk: automake rules for tests (included by Makefile.am).
