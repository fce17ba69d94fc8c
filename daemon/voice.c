/*
 * voice: reads voice profiles (voices/NAME.voice) and resolves the names
 * `set voice' accepts.  Profiles are data so that a listener can tune the
 * bulletin's sound without a rebuild.  This module only describes voices;
 * applying them to eSpeak NG is the synthesis worker's job, and the list
 * of eSpeak NG's own voices comes from the engine (speech.c), which is
 * loaded only when a name is not one of our profiles.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "speech.h"
#include "voice.h"

void
voice_default(struct voice *v)
{
	memset(v, 0, sizeof(*v));
	snprintf(v->name, sizeof(v->name), "news-de");
	snprintf(v->base, sizeof(v->base), "de+m3");
	v->rate = 160;
	v->pitch = 42;
	v->range = 38;
	v->wordgap = 0;
	v->volume = 110;
}

static int
parse_int(const char *s, int lo, int hi, int *out)
{
	char	*end;
	long	 n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || n < lo || n > hi)
		return -1;
	*out = (int)n;
	return 0;
}

static int
valid_base(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && strchr("+-_", *s) == NULL)
			return 0;
	return 1;
}

int
voice_parse(const char *name, const char *text, size_t len, struct voice *v)
{
	char		 line[256], *key, *val, *p;
	size_t		 i = 0, n;
	int		 lineno = 0, r;

	voice_default(v);
	if (snprintf(v->name, sizeof(v->name), "%s", name) >=
	    (int)sizeof(v->name)) {
		log_warnx("voice: profile name too long: %s", name);
		return -1;
	}
	while (i < len) {
		lineno++;
		for (n = 0; i + n < len && text[i + n] != '\n'; n++)
			;
		if (n >= sizeof(line)) {
			log_warnx("voice: %s:%d: line too long", name, lineno);
			return -1;
		}
		memcpy(line, text + i, n);
		line[n] = '\0';
		i += n + 1;
		if ((p = strchr(line, '#')) != NULL)
			*p = '\0';
		key = line + strspn(line, " \t\r");
		if (*key == '\0')
			continue;
		val = key + strcspn(key, " \t\r");
		if (*val != '\0')
			*val++ = '\0';
		val += strspn(val, " \t\r");
		val[strcspn(val, " \t\r")] = '\0';
		r = 0;
		if (strcmp(key, "voice") == 0) {
			if (!valid_base(val) || snprintf(v->base,
			    sizeof(v->base), "%s", val) >= (int)sizeof(v->base))
				r = -1;
		} else if (strcmp(key, "rate") == 0)
			r = parse_int(val, RATE_MIN, RATE_MAX, &v->rate);
		else if (strcmp(key, "pitch") == 0)
			r = parse_int(val, 0, 100, &v->pitch);
		else if (strcmp(key, "range") == 0)
			r = parse_int(val, 0, 100, &v->range);
		else if (strcmp(key, "wordgap") == 0)
			r = parse_int(val, 0, 100, &v->wordgap);
		else if (strcmp(key, "volume") == 0)
			r = parse_int(val, 0, 200, &v->volume);
		else {
			log_warnx("voice: %s:%d: unknown key %s", name, lineno,
			    key);
			return -1;
		}
		if (r == -1) {
			log_warnx("voice: %s:%d: bad value for %s: %s", name,
			    lineno, key, val);
			return -1;
		}
	}
	return 0;
}

int
voice_load(const char *path, struct voice *v)
{
	char		 text[VOICE_MAX_FILE], name[VOICE_NAME_MAX];
	const char	*base, *dot;
	ssize_t		 n;
	size_t		 len = 0;
	int		 fd;

	base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	dot = strrchr(base, '.');
	if (dot == NULL || dot == base ||
	    (size_t)(dot - base) >= sizeof(name)) {
		log_warnx("voice: bad profile file name %s", path);
		return -1;
	}
	memcpy(name, base, (size_t)(dot - base));
	name[dot - base] = '\0';
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		log_warn("voice: %s", path);
		return -1;
	}
	for (;;) {
		n = read(fd, text + len, sizeof(text) - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		if (len == sizeof(text))
			break;
	}
	close(fd);
	if (n == -1) {
		log_warn("voice: read %s", path);
		return -1;
	}
	if (len == sizeof(text)) {
		log_warnx("voice: %s: larger than %d bytes", path,
		    VOICE_MAX_FILE);
		return -1;
	}
	return voice_parse(name, text, len, v);
}

static int
cmp_voice(const void *a, const void *b)
{
	return strcmp(((const struct voice *)a)->name,
	    ((const struct voice *)b)->name);
}

int
voice_load_all(struct voices *vs, const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	char		 path[4096];
	size_t		 n;

	memset(vs, 0, sizeof(*vs));
	if (dir != NULL && (d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			n = strlen(de->d_name);
			if (n <= 6 || strcmp(de->d_name + n - 6, ".voice") != 0)
				continue;
			if (vs->nprofiles == VOICE_MAX_PROFILES) {
				log_warnx("voice: more than %d profiles in %s;"
				    " ignoring the rest", VOICE_MAX_PROFILES,
				    dir);
				break;
			}
			if (snprintf(path, sizeof(path), "%s/%s", dir,
			    de->d_name) >= (int)sizeof(path))
				continue;
			if (voice_load(path,
			    &vs->profiles[vs->nprofiles]) == 0)
				vs->nprofiles++;	/* else logged, skipped */
		}
		closedir(d);
	}
	qsort(vs->profiles, vs->nprofiles, sizeof(vs->profiles[0]),
	    cmp_voice);
	return 0;
}

size_t
voice_espeak_names(const char *const **names)
{
	return speech_engine_voices(names);
}

int
voice_find(const struct voices *vs, const char *name,
    const struct voice *cur, struct voice *out)
{
	const char *const	*names;
	char			 base[VOICE_NAME_MAX];
	size_t			 i, n, nnames;

	for (i = 0; i < vs->nprofiles; i++)
		if (strcmp(vs->profiles[i].name, name) == 0) {
			*out = vs->profiles[i];
			return 0;
		}
	if (!valid_base(name) || strlen(name) >= sizeof(base))
		return -1;
	n = strcspn(name, "+");
	memcpy(base, name, n);
	base[n] = '\0';
	nnames = voice_espeak_names(&names);
	for (i = 0; i < nnames; i++)
		if (strcmp(names[i], base) == 0)
			break;
	if (i == nnames)
		return -1;
	*out = *cur;
	snprintf(out->name, sizeof(out->name), "%s", name);
	snprintf(out->base, sizeof(out->base), "%s", name);
	return 0;
}
