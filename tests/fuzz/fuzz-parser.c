/* tests/fuzz/fuzz-parser.c - libFuzzer target: one mail's bytes through
   parser_parse_mem with the default configuration, then report_to_json.
   Built and run by tests/fuzz/build.sh and run.sh, never by make check. */
#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/report.h"
#include "parsers/parser.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* set up once per process and kept (reachable, not a leak) */
	static struct parser_cfg cfg;
	static int ready;
	struct report *r = NULL;
	struct err err;
	struct buf json;

	if (!ready) {
		parser_global_init();
		parser_cfg_init(&cfg);
		ready = 1;
	}
	err_clear(&err);
	if (parser_parse_mem(data, size, &cfg, &r, &err) == 0) {
		buf_init(&json, 0);
		report_to_json(r, &json);
		buf_free(&json);
	}
	report_free(&r);
	err_clear(&err);
	return 0;
}
