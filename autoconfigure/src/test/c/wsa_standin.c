/*
 * A stand-in for Winsock's WSAIoctl and WSAGetLastError, for tests on Linux.
 *
 * The starter binds these two functions from the library named by the JVM system property
 * loopback.fastpath.native-library. On Linux the "SOCKET" it passes is the file descriptor of
 * the real socket, so this stand-in can check each call the way Windows would see it: the
 * handle is an open stream socket, the control code is SIO_LOOPBACK_FASTPATH, the input is a
 * 4-byte int set to 1, there is no output buffer, the call is not overlapped. It records the
 * socket's state at the moment of the call (listening? connected? bound to which port?) so
 * tests can prove the call came before connect or listen, and it can be told to fail with a
 * chosen Winsock error.
 *
 * It reports an error the way Winsock does: the value WSAGetLastError returns is also left as
 * the thread's last error (errno here, the Win32 last error on Windows), which is what JNA
 * preserves right after the call. standin_clobber_last_error makes WSAGetLastError return another
 * value instead, as when other native code runs on the thread between the two calls and sets or
 * resets the thread's last error.
 *
 * For soaks it can also fail a share of the well-formed calls at random (standin_fail_share, or the
 * environment variables WSA_STANDIN_FAILURE_RATE, a share between 0 and 1, and
 * WSA_STANDIN_FAILURE_ERROR, a Winsock error, default WSAEOPNOTSUPP, read when the library loads),
 * the way a Winsock provider that misbehaves now and then would; it counts the calls it failed so
 * that a soak can compare them with what the starter recorded.
 *
 * Compiled with -DSTANDIN_WITHOUT_WSAIOCTL it lacks WSAIoctl, for the test that a library
 * without the function is reported as unsupported at load.
 *
 * Tests read the record through the standin_* functions below.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define SIO_LOOPBACK_FASTPATH 0x98000010u
#define SOCKET_ERROR (-1)
#define WSAEINVAL 10022
#define WSAENOTSOCK 10038
#define WSAEISCONN 10056
#define WSAEOPNOTSUPP 10045
#define MAX_CALLS 8192

typedef struct {
	int64_t handle;
	int listening;
	int connected;
	int local_port;
	int family;
	int error;
	char violation[160];
} call_record;

static call_record calls[MAX_CALLS];
static int call_count;
static int failed_count;
static int injected_error;
/* Random failures: a share of 2^32 (0 = none), the error, and the xorshift state (fixed seed, so runs repeat; the state is beside WSAIoctl). */
static uint64_t random_share;
static int random_error = WSAEOPNOTSUPP;
static int clobber_last_error;
static int clobbered_value;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static __thread int last_error;

static int port_of(const struct sockaddr_storage *address) {
	if (address->ss_family == AF_INET) {
		return ntohs(((const struct sockaddr_in *) address)->sin_port);
	}
	if (address->ss_family == AF_INET6) {
		return ntohs(((const struct sockaddr_in6 *) address)->sin6_port);
	}
	return -1;
}

static void set_share(double rate, int error) {
	if (!(rate > 0)) {
		random_share = 0;
	}
	else if (rate >= 1) {
		random_share = UINT64_C(1) << 32;
	}
	else {
		random_share = (uint64_t) (rate * 4294967296.0);
	}
	random_error = (error != 0) ? error : WSAEOPNOTSUPP;
}

__attribute__((constructor)) static void read_environment(void) {
	const char *rate = getenv("WSA_STANDIN_FAILURE_RATE");
	const char *error = getenv("WSA_STANDIN_FAILURE_ERROR");
	if (rate != NULL && *rate != '\0') {
		set_share(strtod(rate, NULL), (error != NULL) ? atoi(error) : 0);
	}
}

#ifndef STANDIN_WITHOUT_WSAIOCTL
static uint64_t random_state = 0x9e3779b97f4a7c15u;

/* Whether this call should fail at random; called with the lock held. */
static int random_failure(void) {
	if (random_share == 0) {
		return 0;
	}
	random_state ^= random_state << 13;
	random_state ^= random_state >> 7;
	random_state ^= random_state << 17;
	return (random_state >> 32) < random_share;
}

/* Returns the Winsock error the call should fail with for a malformed call, or 0. */
static int check_call(call_record *record, uintptr_t s, uint32_t code, const void *in, uint32_t in_len,
		const void *out, uint32_t out_len, const uint32_t *bytes_returned, const void *overlapped,
		const void *completion) {
	if (s > INT32_MAX) {
		snprintf(record->violation, sizeof record->violation, "handle %llu is not a file descriptor",
				(unsigned long long) s);
		return WSAENOTSOCK;
	}
	int fd = (int) s;
	int type = 0;
	socklen_t length = sizeof type;
	if (fcntl(fd, F_GETFD) == -1 || getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) != 0) {
		snprintf(record->violation, sizeof record->violation, "handle %d is not an open socket", fd);
		return WSAENOTSOCK;
	}
	if (type != SOCK_STREAM) {
		snprintf(record->violation, sizeof record->violation, "handle %d is not a stream socket", fd);
		return WSAEINVAL;
	}
	if (code != SIO_LOOPBACK_FASTPATH) {
		snprintf(record->violation, sizeof record->violation, "control code 0x%08x is not SIO_LOOPBACK_FASTPATH",
				code);
		return WSAEINVAL;
	}
	if (in == NULL || in_len != 4 || *(const int32_t *) in != 1) {
		snprintf(record->violation, sizeof record->violation, "input must be a 4-byte int set to 1 (length %u)",
				in_len);
		return WSAEINVAL;
	}
	if (out != NULL || out_len != 0) {
		snprintf(record->violation, sizeof record->violation, "there must be no output buffer");
		return WSAEINVAL;
	}
	if (bytes_returned == NULL || overlapped != NULL || completion != NULL) {
		snprintf(record->violation, sizeof record->violation,
				"a blocking call needs lpcbBytesReturned and no overlapped structure or completion routine");
		return WSAEINVAL;
	}
	int listening = 0;
	length = sizeof listening;
	getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length);
	record->listening = listening;
	struct sockaddr_storage address;
	length = sizeof address;
	record->connected = getpeername(fd, (struct sockaddr *) &address, &length) == 0;
	length = sizeof address;
	memset(&address, 0, sizeof address);
	if (getsockname(fd, (struct sockaddr *) &address, &length) == 0) {
		record->local_port = port_of(&address);
		record->family = address.ss_family;
	}
	/* Windows wants the option before the socket listens or connects; later it has no effect. */
	if (record->connected) {
		snprintf(record->violation, sizeof record->violation, "socket %d is already connected", fd);
		return WSAEISCONN;
	}
	if (record->listening) {
		snprintf(record->violation, sizeof record->violation, "socket %d is already listening", fd);
		return WSAEINVAL;
	}
	return 0;
}

int WSAIoctl(uintptr_t s, uint32_t code, void *in, uint32_t in_len, void *out, uint32_t out_len,
		uint32_t *bytes_returned, void *overlapped, void *completion) {
	call_record record;
	memset(&record, 0, sizeof record);
	record.handle = (int64_t) s;
	record.local_port = -1;
	int error = check_call(&record, s, code, in, in_len, out, out_len, bytes_returned, overlapped, completion);
	pthread_mutex_lock(&lock);
	if (error == 0) {
		error = injected_error;
	}
	if (error == 0 && random_failure()) {
		error = random_error;
	}
	if (error != 0) {
		failed_count++;
	}
	record.error = error;
	if (call_count < MAX_CALLS) {
		calls[call_count] = record;
	}
	call_count++;
	pthread_mutex_unlock(&lock);
	if (error != 0) {
		/* WSASetLastError: on Windows this is the thread's last error, which JNA preserves. The
		   checks above may have left errno at ENOTCONN; the Winsock error replaces it. */
		last_error = clobber_last_error ? clobbered_value : error;
		errno = error;
		return SOCKET_ERROR;
	}
	*bytes_returned = 0;
	return 0;
}
#endif

int WSAGetLastError(void) {
	return last_error;
}

/* ---- Control and inspection, for tests only ---- */

void standin_reset(void) {
	pthread_mutex_lock(&lock);
	call_count = 0;
	failed_count = 0;
	injected_error = 0;
	random_share = 0;
	clobber_last_error = 0;
	memset(calls, 0, sizeof calls);
	pthread_mutex_unlock(&lock);
}

/* Makes every following call fail with this Winsock error; 0 makes them succeed again. */
void standin_fail_with(int error) {
	pthread_mutex_lock(&lock);
	injected_error = error;
	pthread_mutex_unlock(&lock);
}

/* Makes a share of the following well-formed calls (rate between 0 and 1) fail at random with error. */
void standin_fail_share(double rate, int error) {
	pthread_mutex_lock(&lock);
	set_share(rate, error);
	pthread_mutex_unlock(&lock);
}

/* With clobber 1, WSAGetLastError reports value after a failed call, as when other code changed the last error. */
void standin_clobber_last_error(int clobber, int value) {
	pthread_mutex_lock(&lock);
	clobber_last_error = clobber;
	clobbered_value = value;
	pthread_mutex_unlock(&lock);
}

int standin_call_count(void) {
	pthread_mutex_lock(&lock);
	int count = call_count;
	pthread_mutex_unlock(&lock);
	return count;
}

/* How many calls returned SOCKET_ERROR, for whatever reason. */
int standin_failed_count(void) {
	pthread_mutex_lock(&lock);
	int count = failed_count;
	pthread_mutex_unlock(&lock);
	return count;
}

/* Copies call i into the caller's fields; returns 0, or -1 when there is no such call. */
int standin_call(int i, int64_t *handle, int *listening, int *connected, int *local_port, int *family,
		int *error, char *violation, int violation_size) {
	pthread_mutex_lock(&lock);
	int result = -1;
	if (i >= 0 && i < call_count && i < MAX_CALLS) {
		call_record *record = &calls[i];
		*handle = record->handle;
		*listening = record->listening;
		*connected = record->connected;
		*local_port = record->local_port;
		*family = record->family;
		*error = record->error;
		snprintf(violation, (size_t) violation_size, "%s", record->violation);
		result = 0;
	}
	pthread_mutex_unlock(&lock);
	return result;
}

/* The port a descriptor is bound to now, or -1; lets tests match a recorded call to a server's socket. */
int standin_bound_port(int fd) {
	struct sockaddr_storage address;
	socklen_t length = sizeof address;
	memset(&address, 0, sizeof address);
	if (getsockname(fd, (struct sockaddr *) &address, &length) != 0) {
		return -1;
	}
	return port_of(&address);
}

/* Whether a descriptor is a listening socket now. */
int standin_is_listening(int fd) {
	int listening = 0;
	socklen_t length = sizeof listening;
	if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length) != 0) {
		return 0;
	}
	return listening;
}
