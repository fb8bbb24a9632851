/* parsers/html.c - the displayed text and the anchors of an HTML part,
   through libxml2's recovering HTML parser (never regexes on HTML).
   Quoted parts (<blockquote>) and non-displayed elements are skipped. */
#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "common/mem.h"
#include "parsers/mime-int.h"

struct html_walk {
	struct html_doc *doc;
	unsigned max_hrefs;
	bool space;	/* white space seen and not written yet */
};

/* Elements whose content is never displayed (or is quoted). */
static bool
html_is_skipped(const char *name)
{
	static const char *const skip[] = {
		"head", "script", "style", "title", "noscript", "template",
		"object", "iframe", "svg", NULL
	};

	for (int i = 0; skip[i]; i++)
		if (strcasecmp(name, skip[i]) == 0)
			return true;
	return false;
}

/* Elements that start and end a line of displayed text. */
static bool
html_is_block(const char *name)
{
	static const char *const block[] = {
		"p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2",
		"h3", "h4", "h5", "h6", "hr", "pre", "blockquote", "section",
		"article", "header", "footer", "dt", "dd", "dl", "address",
		"center", "form", "body", "tbody", "thead", "nav", "main",
		"aside", "figure", "figcaption", "caption", NULL
	};

	for (int i = 0; block[i]; i++)
		if (strcasecmp(name, block[i]) == 0)
			return true;
	return false;
}

static void
html_newline(struct html_walk *w)
{
	struct buf *t = &w->doc->text;

	w->space = false;
	if (t->len > 0 && t->data[t->len - 1] != '\n')
		buf_putc(t, '\n');
}

/* Appends a text node's content with runs of white space (and no-break
   spaces) collapsed to one space. */
static void
html_text(struct html_walk *w, const char *s)
{
	struct buf *t = &w->doc->text;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f' || c == '\v') {
			w->space = true;
			continue;
		}
		if (c == 0xc2 && (unsigned char)s[1] == 0xa0) {
			s++;
			w->space = true;
			continue;
		}
		if (w->space && t->len > 0 && t->data[t->len - 1] != '\n')
			buf_putc(t, ' ');
		w->space = false;
		buf_putc(t, (char)c);
	}
}

/* How far back html_after_forward_marker() looks: a marker line is short,
   and looking back without bound made a long line of text with many
   <blockquote> elements quadratic (hostile.sh: 12 s for 4 MB). */
#define HTML_MARKER_MAX 256

/* Whether the last non-blank line of the text so far is an inline
   forward marker (Apple Mail puts the forwarded mail in a blockquote). */
static bool
html_after_forward_marker(const struct buf *t)
{
	size_t end = t->len, start, stop;

	stop = end > HTML_MARKER_MAX ? end - HTML_MARKER_MAX : 0;
	while (end > stop &&
	       (t->data[end - 1] == '\n' || t->data[end - 1] == ' '))
		end--;
	start = end;
	while (start > stop && t->data[start - 1] != '\n')
		start--;
	if (start > 0 && t->data[start - 1] != '\n')
		return false;	/* longer than any marker */
	return end > start &&
	       quote_is_forward_marker(t->data + start, end - start);
}

static void
html_anchor(struct html_walk *w, xmlNode *n)
{
	struct html_doc *doc = w->doc;
	xmlChar *href;
	const char *s;
	size_t len;

	if (doc->hrefs.n >= w->max_hrefs)
		return;
	href = xmlGetProp(n, (const xmlChar *)"href");
	if (href == NULL)
		return;
	s = (const char *)href;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
			   s[len - 1] == '\n' || s[len - 1] == '\r'))
		len--;
	if (len > 0) {
		char *copy = xstrndup(s, len);

		doc->href_at = xreallocarray(doc->href_at, doc->hrefs.n + 1,
					     sizeof(*doc->href_at));
		doc->href_at[doc->hrefs.n] = doc->text.len;
		strv_push_take(&doc->hrefs, copy);
	}
	xmlFree(href);
}

/* Returns true if the walk may descend into element n. */
static bool
html_enter(struct html_walk *w, xmlNode *n)
{
	const char *name = (const char *)n->name;

	if (name == NULL || html_is_skipped(name))
		return false;
	if (strcasecmp(name, "blockquote") == 0 &&
	    !html_after_forward_marker(&w->doc->text))
		return false;
	if (html_is_block(name))
		html_newline(w);
	else if (strcasecmp(name, "td") == 0 || strcasecmp(name, "th") == 0)
		w->space = true;
	if (strcasecmp(name, "a") == 0 || strcasecmp(name, "area") == 0)
		html_anchor(w, n);
	return true;
}

static void
html_leave(struct html_walk *w, xmlNode *n)
{
	if (n->type == XML_ELEMENT_NODE && n->name != NULL &&
	    html_is_block((const char *)n->name))
		html_newline(w);
}

/* Iterative walk (no recursion: hostile HTML nests deeply). */
static void
html_walk_tree(struct html_walk *w, xmlNode *root)
{
	xmlNode *n = root;

	while (n != NULL) {
		bool down = false;

		if (n->type == XML_ELEMENT_NODE)
			down = html_enter(w, n);
		else if (n->type == XML_TEXT_NODE && n->content != NULL)
			html_text(w, (const char *)n->content);
		if (down && n->children != NULL) {
			n = n->children;
			continue;
		}
		if (down)
			html_leave(w, n);
		while (n != NULL && n != root && n->next == NULL) {
			n = n->parent;
			if (n != NULL)
				html_leave(w, n);
		}
		if (n == NULL || n == root)
			break;
		n = n->next;
	}
}

void
html_extract(const char *html, size_t len, size_t max_text,
	     unsigned max_hrefs, struct html_doc *doc)
{
	struct html_walk w = { doc, max_hrefs, false };
	htmlDocPtr d;
	xmlNode *root;

	buf_init(&doc->text, max_text);
	memset(&doc->hrefs, 0, sizeof(doc->hrefs));
	doc->href_at = NULL;
	if (len == 0)
		return;
	if (len > INT_MAX)
		len = INT_MAX;
	/* the text was converted to UTF-8 already: a <meta charset> must
	   not make libxml2 convert it again */
	d = htmlReadMemory(html, (int)len, NULL, "UTF-8",
			   HTML_PARSE_NONET | HTML_PARSE_NOERROR |
			   HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER);
	if (d == NULL)
		return;
	root = xmlDocGetRootElement(d);
	if (root != NULL)
		html_walk_tree(&w, root);
	xmlFreeDoc(d);
}

void
html_doc_free(struct html_doc *doc)
{
	buf_free(&doc->text);
	strv_free(&doc->hrefs);
	free(doc->href_at);
	doc->href_at = NULL;
}

void
html_global_init(void)
{
	xmlInitParser();
}

void
html_global_shutdown(void)
{
	xmlCleanupParser();
}
