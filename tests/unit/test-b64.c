/* tests/unit/test-b64.c - parsers/b64.c gives byte for byte what GMime's
   own base64 decoder gives, for clean, junk-ridden and '='-ridden input
   cut into chunks of every kind (the parse output's sizes and SHA-256s of
   attachments depend on it). */
#include <stdlib.h>
#include <string.h>

#include <gmime/gmime.h>

#include "../../parsers/mime-int.h"
#include "../lib/testlib.h"

/* xorshift: reproducible input without libc's rand state */
static uint32_t rng = 2463534242u;

static uint32_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* Decodes in[0..len) cut at random places (max_cut bytes at most per
   chunk; 0: one chunk) by both decoders; returns true if they agree. */
static bool
same(const unsigned char *in, size_t len, size_t max_cut)
{
	unsigned char *a = malloc(len / 4 * 3 + 16);
	unsigned char *b = malloc(len / 4 * 3 + 16);
	struct b64_state st = { 0, 0, false };
	int gstate = 0;
	guint32 gsave = 0;
	size_t na = 0, nb = 0, off = 0;
	bool ok;

	while (off < len || (len == 0 && off == 0)) {
		size_t k = max_cut ? 1 + next() % max_cut : len;

		if (k > len - off)
			k = len - off;
		na += b64_decode_step(&st, in + off, k, a + na);
		nb += g_mime_encoding_base64_decode_step(in + off, k, b + nb,
							 &gstate, &gsave);
		off += k;
		if (len == 0)
			break;
	}
	ok = na == nb && memcmp(a, b, na) == 0;
	free(a);
	free(b);
	return ok;
}

static void
fill(unsigned char *p, size_t len, unsigned junk_per_256)
{
	static const char alpha[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	for (size_t i = 0; i < len; i++) {
		if (i % 78 == 76)
			p[i] = '\r';
		else if (i % 78 == 77)
			p[i] = '\n';
		else if (next() % 256 < junk_per_256)
			p[i] = (unsigned char)(next() % 256);
		else
			p[i] = (unsigned char)alpha[next() % 64];
	}
}

int
main(void)
{
	static const unsigned junk[] = { 0, 1, 16, 128, 256 };
	static const size_t cuts[] = { 0, 1, 2, 3, 5, 7, 64, 4096 };
	static const char *const fixed[] = {
		"", "=", "==", "===", "QQ==", "QUI=", "QUJD", "QQ==QUJD",
		"Q=Q=", "QQ\r\n==", "QUJDRA==\r\n", "  Q U J D  ", "****",
		"QUJD=", "QUJD==", "QUJD===", "=QUJD", "QQ=\r\n=\r\n",
		"YWJj\nZGVm\nZw==\n", "-_-_", "QUJDRA", NULL
	};
	unsigned char *buf = malloc(70000);
	size_t sizes[] = { 4, 5, 76, 77, 78, 79, 1000, 65536, 69999 };

	g_mime_init();
	test_begin("fixed inputs, every chunking");
	for (int i = 0; fixed[i] != NULL; i++)
		for (size_t c = 0; c < sizeof(cuts) / sizeof(cuts[0]); c++)
			test_ok(same((const unsigned char *)fixed[i],
				     strlen(fixed[i]), cuts[c]),
				"fixed input %d in chunks of <= %zu", i,
				cuts[c]);
	test_begin("every byte value alone and inside a quartet");
	for (int v = 0; v < 256; v++) {
		unsigned char q[8] = { 'Q', 'U', (unsigned char)v, 'J', 'D',
				       'R', 'A', '=' };
		bool ok = same(q, 1, 0) && same(q + 2, 1, 0) &&
			  same(q, sizeof(q), 0) && same(q, sizeof(q), 1);

		test_ok(ok, "byte 0x%02x", v);
	}
	test_begin("random lines, junk and cuts");
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
		for (size_t j = 0; j < sizeof(junk) / sizeof(junk[0]); j++)
			for (size_t c = 0; c < sizeof(cuts) / sizeof(cuts[0]);
			     c++) {
				fill(buf, sizes[s], junk[j]);
				if (next() % 2)	/* a padded end now and then */
					buf[sizes[s] - 1] = '=';
				test_ok(same(buf, sizes[s], cuts[c]),
					"%zu bytes, junk %u/256, cuts <= %zu",
					sizes[s], junk[j], cuts[c]);
			}
	test_begin("b64_decode_end: the last bytes of unpadded data");
	{
		static const struct { const char *in, *out; } un[] = {
			{ "QQ", "A" }, { "QUI", "AB" }, { "QUJD", "ABC" },
			{ "QUJDRA", "ABCD" }, { "QUJDREU", "ABCDE" },
			{ "QUJDRA==", "ABCD" }, { "Q", "" }, { NULL, NULL }
		};

		for (int i = 0; un[i].in != NULL; i++) {
			struct b64_state st = { 0, 0, false };
			unsigned char out[16];
			size_t n = b64_decode_step(&st, (const unsigned char *)
						   un[i].in, strlen(un[i].in),
						   out);

			n += b64_decode_end(&st, out + n);
			test_ok(n == strlen(un[i].out) &&
				memcmp(out, un[i].out, n) == 0,
				"%s decodes to %s", un[i].in, un[i].out);
		}
	}
	free(buf);
	g_mime_shutdown();
	return test_done();
}
