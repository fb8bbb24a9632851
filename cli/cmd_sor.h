/* cli/cmd_sor.h - what `reportgate sor` shares with the other commands. */
#ifndef RG_CMD_SOR_H
#define RG_CMD_SOR_H

#include "common/json.h"
#include "store/store.h"

/* Writes statement st as one JSON object into j (at a value's place):
   the keys `sor list --json` prints (docs/SPEC.md §8), the text exactly
   as mailed. st stays the caller's. */
void sor_statement_json(struct json *j, const struct store_statement *st);

#endif
