## tests/virtio.mk: automake rules (included by Makefile.am).
