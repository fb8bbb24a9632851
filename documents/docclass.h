/* documents/docclass.h - the evidence class of a document from its text:
   registration certificates, powers of attorney and letters of
   authorization, passport and ID data pages
   (machine-readable zone with valid check digits, or a Chinese resident
   ID number with a valid check character), business licences. Hard
   negatives (invoices, cease-and-desist letters, brochures, price lists)
   are never evidence. Pure functions of the text. */
#ifndef RG_DOCCLASS_H
#define RG_DOCCLASS_H

#include <stdbool.h>
#include <stddef.h>

#include "common/report.h"

/* Returns the class of the document whose text is text[0..len) (UTF-8),
   EVIDENCE_OTHER when it is none or a hard negative; *why_r gets a short
   static English phrase saying what decided ("passport machine-readable
   zone", "power of attorney", "invoice", ...) or NULL when nothing did. */
enum evidence_kind docclass_of(const char *text, size_t len,
			       const char **why_r);

/* Returns true if line[0..len) (spaces ignored) is the second line of a
   passport's machine-readable zone (ICAO 9303 TD3, 44 characters) whose
   document number, birth date, expiry and composite check digits are
   right. */
bool docclass_mrz_td3(const char *line, size_t len);

#endif
