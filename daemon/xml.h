/*
 * xml: libxml2, loaded on first use (dynlib.c) instead of linked.
 *
 * libxml2 brings ICU and the C++ runtime with it (about 2.3 MB of
 * resident library pages at start).  Only feeds, article pages, OPML and
 * HTML in story text need it; a daemon that only speaks, the client and
 * `--normalize' never do.  Files that use libxml2 include this header
 * instead of libxml2's own and call xml_load() at their entry points; the
 * library's names keep working through the macros below.
 */
#ifndef XML_H
#define XML_H

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

/* Every libxml2 function the daemon calls. */
#define XML_FUNCS(X)							\
	X(htmlEntityLookup)						\
	X(htmlReadMemory)						\
	X(xmlCreatePushParserCtxt)					\
	X(xmlCtxtUseOptions)						\
	X(xmlDocGetRootElement)						\
	X(xmlFindCharEncodingHandler)					\
	X(xmlFreeDoc)							\
	X(xmlFreeParserCtxt)						\
	X(xmlGetProp)							\
	X(xmlInitParser)						\
	X(xmlNodeGetContent)						\
	X(xmlParseChunk)						\
	X(xmlReadMemory)						\
	X(xmlStopParser)						\
	X(xmlSwitchToEncoding)						\
	X(xmlXPathCmpNodes)

#define XML_PTR(f)	__typeof__(f) *p_##f;
/* Written once, under a lock, by the first xml_load(); read-only after. */
struct xml_api {
	XML_FUNCS(XML_PTR)
	xmlFreeFunc	*p_xmlFree;	/* a variable of libxml2's */
};
#undef XML_PTR
extern struct xml_api xml_api;

/*
 * Loads libxml2 and initialises it (xmlInitParser) unless that is done;
 * thread-safe, and cheap once loaded.  A failure is logged once; then
 * nothing of libxml2 may be called, xml_error() says why, and the next
 * call tries again.  0, or -1.
 */
int		 xml_load(void);
const char	*xml_error(void);

#define htmlEntityLookup	(xml_api.p_htmlEntityLookup)
#define htmlReadMemory		(xml_api.p_htmlReadMemory)
#define xmlCreatePushParserCtxt	(xml_api.p_xmlCreatePushParserCtxt)
#define xmlCtxtUseOptions	(xml_api.p_xmlCtxtUseOptions)
#define xmlDocGetRootElement	(xml_api.p_xmlDocGetRootElement)
#define xmlFindCharEncodingHandler (xml_api.p_xmlFindCharEncodingHandler)
#define xmlFreeDoc		(xml_api.p_xmlFreeDoc)
#define xmlFreeParserCtxt	(xml_api.p_xmlFreeParserCtxt)
#define xmlGetProp		(xml_api.p_xmlGetProp)
#define xmlInitParser		(xml_api.p_xmlInitParser)
#define xmlNodeGetContent	(xml_api.p_xmlNodeGetContent)
#define xmlParseChunk		(xml_api.p_xmlParseChunk)
#define xmlReadMemory		(xml_api.p_xmlReadMemory)
#define xmlStopParser		(xml_api.p_xmlStopParser)
#define xmlSwitchToEncoding	(xml_api.p_xmlSwitchToEncoding)
#define xmlXPathCmpNodes	(xml_api.p_xmlXPathCmpNodes)
#undef xmlFree
#define xmlFree			(*xml_api.p_xmlFree)

#endif
