/* Shared libraries loaded on first use instead of at program start. */
#ifndef DYNLIB_H
#define DYNLIB_H

#include <stddef.h>

/* One symbol to resolve: its name and where its address goes. */
struct dynlib_sym {
	const char	*name;
	void		**addr;	/* a function pointer, written as data */
};

/* A library and its symbols, resolved together or not at all. */
struct dynlib {
	const char		*soname;	/* e.g. "libcurl.so.4" */
	const struct dynlib_sym	*syms;
	size_t			 nsyms;
	int			 loaded;	/* private */
	char			 error[256];	/* why it failed, "" if not */
};

/*
 * Opens lib->soname and fills in every symbol of lib->syms.  Idempotent:
 * once it succeeded it returns 0 at once.  On failure, dlerror()'s reason
 * is in lib->error (not logged: the caller knows what the library is
 * for), no symbol is set, and the next call tries again, so a library
 * installed later is found without a restart.  The library stays loaded
 * until the process exits.  0, or -1.
 */
int	dynlib_load(struct dynlib *lib);

#endif
