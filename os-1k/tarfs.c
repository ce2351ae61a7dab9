/* tarfs.c: the disk is a ustar archive; it is read at boot and rewritten by writefile. */
/* SPDX-License-Identifier: MIT */
#include "kernel.h"

#define FILES_MAX     8
#define FILE_DATA_MAX 8192
#define DISK_MAX      (1024 * 1024)  /* only this much of a larger disk is used */

struct tar_header {
	char name[100], mode[8], uid[8], gid[8], size[12], mtime[12];
	char checksum[8], type, linkname[100], magic[6], version[2];
	char uname[32], gname[32], devmajor[8], devminor[8], prefix[155], pad[12];
} __attribute__((packed));
_Static_assert(sizeof(struct tar_header) == 512, "a tar header is one sector");

struct file {
	bool in_use;
	char name[FILE_NAME_MAX];
	uint32_t size;
	char data[FILE_DATA_MAX];
};

static struct file files[FILES_MAX];
static uint8_t *disk;       /* a copy of the whole disk (up to DISK_MAX) */
static uint32_t disk_size;
static bool read_only;      /* set when writing back would lose data */

/* An octal number, optionally space-padded and ended by NUL or space. */
static bool parse_octal(const char *field, size_t width, uint32_t *value)
{
	size_t i = 0;
	uint32_t v = 0;
	while (i < width && field[i] == ' ')
		i++;
	size_t first_digit = i;
	for (; i < width && field[i] >= '0' && field[i] <= '7'; i++) {
		if (v > 0x1fffffff)
			return false; /* would overflow 32 bits */
		v = v * 8 + (field[i] - '0');
	}
	if (i == first_digit || (i < width && field[i] != '\0' && field[i] != ' '))
		return false;
	*value = v;
	return true;
}

/* WIDTH - 1 zero-padded octal digits and a NUL, as tar writes them. */
static void put_octal(char *field, size_t width, uint32_t value)
{
	field[width - 1] = '\0';
	for (int i = width - 2; i >= 0; i--, value /= 8)
		field[i] = '0' + value % 8;
}

/* The header's byte sum, counting the checksum field as eight spaces. */
static uint32_t header_checksum(const struct tar_header *h)
{
	const uint8_t *p = (const uint8_t *) h;
	uint32_t sum = 0;
	for (size_t i = 0; i < sizeof(*h); i++)
		sum += (i >= 148 && i < 156) ? ' ' : p[i];
	return sum;
}

/* Read the disk and parse the archive into files[]; with VERBOSE, list them. */
static void fs_load(bool verbose)
{
	memset(files, 0, sizeof(files));
	if (!virtio_blk_rw(disk, 0, disk_size / SECTOR_SIZE, false)) {
		printf("tarfs: cannot read the disk\n");
		read_only = true;
		return;
	}
	int nfiles = 0;
	for (uint32_t off = 0; off + sizeof(struct tar_header) <= disk_size;) {
		struct tar_header *h = (struct tar_header *) &disk[off];
		if (h->name[0] == '\0')
			break; /* the end-of-archive (zero) block */
		uint32_t sum, size;
		if (memcmp(h->magic, "ustar", 5) != 0 ||
		    !parse_octal(h->checksum, sizeof(h->checksum), &sum) ||
		    sum != header_checksum(h) ||
		    !parse_octal(h->size, sizeof(h->size), &size) ||
		    size > disk_size - off - sizeof(*h)) {
			printf("tarfs: invalid tar header at offset %u; the disk is kept read-only\n", off);
			read_only = true;
			return;
		}
		/* Only plain files with short names fit files[]; writing the
		 * archive back without the others would destroy them. */
		size_t name_len = 0; /* the field need not be NUL-terminated */
		while (name_len < sizeof(h->name) && h->name[name_len])
			name_len++;
		if ((h->type != '0' && h->type != '\0') || h->prefix[0] != '\0' ||
		    name_len >= FILE_NAME_MAX || size > FILE_DATA_MAX || nfiles == FILES_MAX) {
			printf("tarfs: skipping an entry at offset %u; the disk is kept read-only\n", off);
			read_only = true;
		} else {
			struct file *file = &files[nfiles++];
			file->in_use = true;
			memcpy(file->name, h->name, name_len);
			file->size = size;
			memcpy(file->data, &disk[off + sizeof(*h)], size);
			if (verbose)
				printf("file: %s, size=%u\n", file->name, size);
		}
		off += sizeof(*h) + ALIGN_UP(size, SECTOR_SIZE);
	}
}

void fs_init(void)
{
	uint32_t capacity = virtio_blk_capacity();
	disk_size = capacity < DISK_MAX ? capacity : DISK_MAX;
	if (disk_size == 0)
		return;
	if (capacity > DISK_MAX) {
		printf("tarfs: using the first %u bytes only; the disk is kept read-only\n", DISK_MAX);
		read_only = true;
	}
	read_only |= virtio_blk_read_only();
	disk = P2V(alloc_pages(ALIGN_UP(disk_size, PAGE_SIZE) / PAGE_SIZE));
	fs_load(true);
}

/* Serialise files[] as a ustar archive and write it to the whole disk. */
static bool fs_flush(void)
{
	memset(disk, 0, disk_size);
	uint32_t off = 0;
	for (int i = 0; i < FILES_MAX; i++) {
		struct file *file = &files[i];
		if (!file->in_use)
			continue;
		struct tar_header *h = (struct tar_header *) &disk[off];
		strcpy_s(h->name, sizeof(h->name), file->name);
		put_octal(h->mode, sizeof(h->mode), 0644);
		put_octal(h->uid, sizeof(h->uid), 0);
		put_octal(h->gid, sizeof(h->gid), 0);
		put_octal(h->size, sizeof(h->size), file->size);
		put_octal(h->mtime, sizeof(h->mtime), 0);
		h->type = '0';
		memcpy(h->magic, "ustar", 6); /* with its NUL */
		memcpy(h->version, "00", 2);
		/* Six digits, NUL, space: the checksum field as tar writes it. */
		put_octal(h->checksum, 7, header_checksum(h));
		h->checksum[7] = ' ';
		memcpy(&disk[off + sizeof(*h)], file->data, file->size);
		off += sizeof(*h) + ALIGN_UP(file->size, SECTOR_SIZE);
	}
	return virtio_blk_rw(disk, 0, disk_size / SECTOR_SIZE, true);
}

static struct file *fs_lookup(const char *name)
{
	for (int i = 0; i < FILES_MAX; i++)
		if (files[i].in_use && strcmp(files[i].name, name) == 0)
			return &files[i];
	return NULL;
}

int fs_readfile(const char *name, void *buf, size_t len)
{
	struct file *file = fs_lookup(name);
	if (!file)
		return -1;
	if (len > file->size)
		len = file->size;
	memcpy(buf, file->data, len);
	return len;
}

int fs_writefile(const char *name, const void *buf, size_t len)
{
	if (!disk || read_only) {
		printf(disk ? "tarfs: the disk is read-only\n" : "tarfs: no disk\n");
		return -1;
	}
	if (len > FILE_DATA_MAX) {
		printf("tarfs: %s: too large (%u bytes)\n", name, len);
		return -1;
	}
	struct file *file = fs_lookup(name);
	for (int i = 0; !file && i < FILES_MAX; i++)
		if (!files[i].in_use)
			file = &files[i]; /* a new file */
	/* The archive needs a header per file, the data in whole sectors, and
	 * two zero sectors at the end: check that it still fits the disk. */
	uint32_t needed = 2 * SECTOR_SIZE + SECTOR_SIZE + ALIGN_UP(len, SECTOR_SIZE);
	for (int i = 0; i < FILES_MAX; i++)
		if (files[i].in_use && &files[i] != file)
			needed += SECTOR_SIZE + ALIGN_UP(files[i].size, SECTOR_SIZE);
	if (!file || needed > disk_size) {
		printf("tarfs: no room for %s (%u bytes)\n", name, len);
		return -1;
	}
	if (!file->in_use) {
		file->in_use = true;
		strcpy_s(file->name, sizeof(file->name), name);
	}
	memcpy(file->data, buf, len);
	file->size = len;
	if (!fs_flush()) {
		fs_load(false); /* forget the change: memory must match the disk */
		return -1;
	}
	return len;
}

int fs_listfile(uint32_t index, char name[FILE_NAME_MAX])
{
	for (int i = 0; i < FILES_MAX; i++) {
		if (files[i].in_use && index-- == 0) {
			strcpy_s(name, FILE_NAME_MAX, files[i].name);
			return files[i].size;
		}
	}
	return -1;
}
