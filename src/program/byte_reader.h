/* A byte consumer that never fails: past the end every read yields zero, so
 * decoding can never be the crash (after zstd's fuzz data producer). */
#ifndef MAPFUZZ_BYTE_READER_H
#define MAPFUZZ_BYTE_READER_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct {
	const uint8_t *data;
	size_t size, pos;
} byte_reader;

static inline size_t br_remaining(const byte_reader *r)
{
	return r->size - r->pos;
}

/* Inlined even at -O1, so that each read of a fixed width is one load:
 * the decoder runs on every input the engine makes. */
#if defined(__GNUC__)
#define BR_INLINE static inline __attribute__((always_inline))
#else
#define BR_INLINE static inline
#endif

BR_INLINE uint64_t br_uint(byte_reader *r, unsigned bytes)
{
	uint64_t v = 0;
	if (r->size - r->pos >= bytes) { /* the common case: no end in sight */
		const uint8_t *p = r->data + r->pos;
		r->pos += bytes;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		uint16_t v16;
		uint32_t v32;
		switch (bytes) {
		case 1: return p[0];
		case 2: memcpy(&v16, p, 2); return v16;
		case 4: memcpy(&v32, p, 4); return v32;
		case 8: memcpy(&v, p, 8); return v;
		default: break;
		}
#endif
		for (unsigned i = 0; i < bytes; i++)
			v |= (uint64_t)p[i] << (8 * i);
		return v;
	}
	for (unsigned i = 0; i < bytes; i++) {
		uint64_t b = r->pos < r->size ? r->data[r->pos++] : 0;
		v |= b << (8 * i);
	}
	return v;
}

BR_INLINE uint8_t br_u8(byte_reader *r)
{
	return (uint8_t)br_uint(r, 1);
}

BR_INLINE int16_t br_i16(byte_reader *r)
{
	uint64_t v = br_uint(r, 2);
	return (int16_t)(v >= 0x8000 ? (int32_t)v - 0x10000 : (int32_t)v);
}

/* Little-endian writer for the canonical encoding. */
static inline size_t bw_uint(uint8_t *out, size_t pos, uint64_t v, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++)
		out[pos++] = (uint8_t)(v >> (8 * i));
	return pos;
}

#endif
