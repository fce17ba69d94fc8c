/*
 * dynlib: loads a shared library by soname and resolves a table of its
 * functions, on first use.
 *
 * libcurl, libespeak-ng and PortAudio pull in some seventy further
 * libraries (TLS, Kerberos, LDAP, PulseAudio, JACK, codecs, X11).
 * Linking them would make every process pay for mapping and relocating
 * all of them at start, and keep their pages resident: `--extract' of
 * one page, the client, and a daemon that only polls.  Loading them where
 * they are first needed keeps those costs with the work that needs them.
 * The calling module keeps the library's own names for its calls (a
 * macro per function maps the name to the pointer resolved here), so it
 * reads as if linked, and the headers still come from pkg-config.
 *
 * It does not unload: the handles live as long as the process, since
 * threads and callbacks of those libraries may still run.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "dynlib.h"
#include "log.h"

int
dynlib_load(struct dynlib *lib)
{
	void		*h;
	const char	*err;
	size_t		 i;

	if (lib->loaded)
		return 0;
	if ((h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		err = dlerror();
		snprintf(lib->error, sizeof(lib->error), "%s",
		    err != NULL ? err : lib->soname);
		goto fail;
	}
	for (i = 0; i < lib->nsyms; i++) {
		(void)dlerror();
		*lib->syms[i].addr = dlsym(h, lib->syms[i].name);
		if (*lib->syms[i].addr == NULL) {
			err = dlerror();
			snprintf(lib->error, sizeof(lib->error), "%s: %s",
			    lib->soname, err != NULL ? err :
			    lib->syms[i].name);
			/* A half-resolved table must not be used. */
			while (i > 0)
				*lib->syms[--i].addr = NULL;
			dlclose(h);
			goto fail;
		}
	}
	lib->loaded = 1;
	lib->error[0] = '\0';
	log_debug("dynlib: loaded %s", lib->soname);
	return 0;
fail:
	/* Not logged here: the caller knows what the library was for. */
	return -1;
}
