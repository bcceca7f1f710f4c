/*
 * cleanup.h - files a signal must not leave behind.  While an index is
 * being written, its temporary file and the lock logscan created are
 * registered here; a catchable signal that ends the process (SIGINT,
 * SIGTERM, SIGHUP, SIGQUIT) removes them first, then ends the process as
 * the signal would have.  A file left by SIGKILL is removed by the next
 * build (see index.c's sweep).
 */
#ifndef LOGSCAN_CLEANUP_H
#define LOGSCAN_CLEANUP_H

/* How many files can be registered at once; more are not removed. */
#define CLEANUP_SLOTS 32

/*
 * Remove name (at most NAME_MAX bytes) in the directory open as dir_fd if
 * a signal ends the process.  Installs the handlers the first time, for
 * each signal whose action is the default one (an ignored signal stays
 * ignored).  dir_fd must stay open until cleanup_forget().  Returns a slot
 * for cleanup_forget(), or -1 when every slot is taken or the name is too
 * long (the file is then simply not removed on a signal).  Thread-safe.
 */
int cleanup_add(int dir_fd, const char *name);

/* Stop removing the file of slot (from cleanup_add(); -1 is ignored). */
void cleanup_forget(int slot);

#include <signal.h>

/*
 * Hold back the signals cleanup_add() handles, in this thread, storing the
 * previous mask in *old: between creating a file and registering it, a
 * signal would leave it behind.  Installs the handlers too.
 */
void cleanup_hold(sigset_t *old);

/* Deliver what cleanup_hold() held back (restores *old). */
void cleanup_release(const sigset_t *old);

#endif
