/* bench/gmime-walk.c - baseline for bench/run.sh: the least work any
   GMime-based parser must do. For each file: parse it from an fs stream,
   walk every part (into message/rfc822 too), decode text parts to UTF-8
   and every other leaf part into a null stream. Prints
   "msgs=N bytes=B decoded=D text=T seconds=S errors=E" on stdout.

   Build: cc -O2 -o gmime-walk gmime-walk.c $(pkg-config --cflags --libs gmime-3.0)
   Usage: gmime-walk FILE... */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gmime/gmime.h>

#define WALK_MAX_DEPTH 64

struct walk_stats {
	unsigned long msgs;
	unsigned long errors;
	unsigned long long bytes;	/* raw file bytes */
	unsigned long long text;	/* UTF-8 text bytes produced */
	GMimeStream *null;		/* sink for decoded leaf parts */
};

/* Decodes one text part to UTF-8; falls back to GMime's 8-bit guess when
   the charset was missing or unknown, as any parser must: GMime 3.2 then
   returns the part's raw bytes, which need not be valid UTF-8. */
static void
walk_text(GMimeTextPart *tp, struct walk_stats *st)
{
	char *text = g_mime_text_part_get_text(tp);
	size_t len;

	if (text == NULL)
		return;
	len = strlen(text);
	if (!g_utf8_validate(text, (gssize)len, NULL)) {
		char *fixed = g_mime_utils_decode_8bit(NULL, text, len);

		g_free(text);
		text = fixed;
		len = strlen(text);
	}
	st->text += len;
	g_free(text);
}

/* Visits obj and everything below it. */
static void
walk_object(GMimeObject *obj, struct walk_stats *st, int depth)
{
	if (obj == NULL || depth > WALK_MAX_DEPTH)
		return;
	if (GMIME_IS_MESSAGE_PART(obj)) {
		GMimeMessage *inner =
			g_mime_message_part_get_message((GMimeMessagePart *)obj);

		if (inner != NULL)
			walk_object(g_mime_message_get_mime_part(inner), st,
				    depth + 1);
	} else if (GMIME_IS_MULTIPART(obj)) {
		GMimeMultipart *mp = (GMimeMultipart *)obj;
		int i, n = g_mime_multipart_get_count(mp);

		for (i = 0; i < n; i++)
			walk_object(g_mime_multipart_get_part(mp, i), st,
				    depth + 1);
	} else if (GMIME_IS_TEXT_PART(obj)) {
		walk_text((GMimeTextPart *)obj, st);
	} else if (GMIME_IS_PART(obj)) {
		GMimeDataWrapper *w = g_mime_part_get_content((GMimePart *)obj);

		if (w != NULL)
			g_mime_data_wrapper_write_to_stream(w, st->null);
	}
}

/* Parses and walks one file. Returns 0, or -1 when it cannot be read. */
static int
walk_file(const char *path, struct walk_stats *st)
{
	GMimeStream *stream;
	GMimeParser *parser;
	GMimeMessage *msg;
	struct stat sb;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &sb) < 0) {
		fprintf(stderr, "gmime-walk: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	stream = g_mime_stream_fs_new(fd);	/* owns fd */
	parser = g_mime_parser_new_with_stream(stream);
	g_object_unref(stream);
	msg = g_mime_parser_construct_message(parser, NULL);
	g_object_unref(parser);
	if (msg == NULL) {
		fprintf(stderr, "gmime-walk: %s: not a message\n", path);
		return -1;
	}
	walk_object(g_mime_message_get_mime_part(msg), st, 0);
	g_object_unref(msg);
	st->msgs++;
	st->bytes += (unsigned long long)sb.st_size;
	return 0;
}

int
main(int argc, char **argv)
{
	struct walk_stats st = { 0 };
	struct timespec t0, t1;
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: gmime-walk FILE...\n");
		return 2;
	}
	g_mime_init();
	st.null = g_mime_stream_null_new();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 1; i < argc; i++)
		if (walk_file(argv[i], &st) < 0)
			st.errors++;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("msgs=%lu bytes=%llu decoded=%lld text=%llu seconds=%.3f "
	       "errors=%lu\n", st.msgs, st.bytes,
	       (long long)((GMimeStreamNull *)st.null)->written, st.text,
	       (double)(t1.tv_sec - t0.tv_sec) +
		       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
	       st.errors);
	g_object_unref(st.null);
	g_mime_shutdown();
	return st.errors ? 1 : 0;
}
