/*
 * xml: loads libxml2 on first use; see xml.h for why.
 */
#include <pthread.h>

#include "dynlib.h"
#include "log.h"
#include "xml.h"

struct xml_api xml_api;

#define XML_SYM(f)	{ #f, (void **)&xml_api.p_##f },

static const struct dynlib_sym xml_syms[] = {
	XML_FUNCS(XML_SYM)
	{ "xmlFree", (void **)&xml_api.p_xmlFree },
};

static struct dynlib xml_lib = {
	XML_SONAME, xml_syms, sizeof(xml_syms) / sizeof(xml_syms[0]), 0, ""
};

static pthread_mutex_t	xml_lock = PTHREAD_MUTEX_INITIALIZER;
static int		xml_ready;
static int		xml_logged;	/* the failure, until it is mended */

int
xml_load(void)
{
	int	 rv = 0;

	pthread_mutex_lock(&xml_lock);
	if (!xml_ready) {
		if (dynlib_load(&xml_lib) == 0) {
			/* libxml2 wants this once, before any thread parses. */
			xmlInitParser();
			xml_ready = 1;
		} else {
			/* Logged here, once: every feed and page would
			 * otherwise repeat it. */
			if (!xml_logged)
				log_warnx("cannot load libxml2 (%s): feeds, "
				    "pages and OPML files cannot be read",
				    xml_lib.error);
			xml_logged = 1;
			rv = -1;
		}
	}
	pthread_mutex_unlock(&xml_lock);
	return rv;
}

const char *
xml_error(void)
{
	return xml_lib.error;
}
