/*
 * cleanup.c - removing registered files when a signal ends the process
 * (see cleanup.h).
 *
 * The table is a mutable global, because a signal handler receives no
 * context argument; it holds only file names and directory descriptors,
 * and the handler uses only async-signal-safe calls (unlinkat, raise).
 */
#include "config.h"

#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"

struct slot {
	int used; /* read by the handler; set last, cleared first */
	int dir_fd;
	char name[NAME_MAX + 1];
};

static struct slot slots[CLEANUP_SLOTS];
static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t handlers_once = PTHREAD_ONCE_INIT;

static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

static void
on_signal(int sig)
{
	for (int i = 0; i < CLEANUP_SLOTS; i++)
		if (__atomic_load_n(&slots[i].used, __ATOMIC_ACQUIRE))
			(void)unlinkat(slots[i].dir_fd, slots[i].name, 0);
	/* SA_RESETHAND put the default action back: the signal, pending
	 * until this handler returns, then ends the process as it would
	 * have without us. */
	(void)raise(sig);
}

static void
install(void)
{
	for (size_t i = 0; i < sizeof(cleanup_signals) / sizeof(int); i++) {
		struct sigaction sa, old;

		if (sigaction(cleanup_signals[i], NULL, &old) < 0 ||
		    old.sa_handler != SIG_DFL ||
		    (old.sa_flags & SA_SIGINFO) != 0)
			continue;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigfillset(&sa.sa_mask);
		sa.sa_flags = SA_RESETHAND;
		(void)sigaction(cleanup_signals[i], &sa, NULL);
	}
}

int
cleanup_add(int dir_fd, const char *name)
{
	size_t n = strlen(name);
	int slot = -1;

	if (n > NAME_MAX)
		return -1;
	pthread_once(&handlers_once, install);
	pthread_mutex_lock(&slots_lock);
	for (int i = 0; i < CLEANUP_SLOTS; i++)
		if (!__atomic_load_n(&slots[i].used, __ATOMIC_ACQUIRE)) {
			slots[i].dir_fd = dir_fd;
			memcpy(slots[i].name, name, n + 1);
			__atomic_store_n(&slots[i].used, 1, __ATOMIC_RELEASE);
			slot = i;
			break;
		}
	pthread_mutex_unlock(&slots_lock);
	return slot;
}

void
cleanup_hold(sigset_t *old)
{
	sigset_t set;

	pthread_once(&handlers_once, install);
	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(cleanup_signals) / sizeof(int); i++)
		sigaddset(&set, cleanup_signals[i]);
	pthread_sigmask(SIG_BLOCK, &set, old);
}

void
cleanup_release(const sigset_t *old)
{
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

void
cleanup_forget(int slot)
{
	if (slot < 0 || slot >= CLEANUP_SLOTS)
		return;
	pthread_mutex_lock(&slots_lock);
	__atomic_store_n(&slots[slot].used, 0, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&slots_lock);
}
