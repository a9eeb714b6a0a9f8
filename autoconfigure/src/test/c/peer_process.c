/*
 * A process at the other end of a Unix socket for the peer-credential tests, run as
 * another user (setpriv --reuid=nobody) so that the kernel reports that user as its
 * peer.
 *
 *   peer-process listen <path>   binds a socket at <path> (mode 0777), prints "ready",
 *                                then for each connection reads until the end of the
 *                                request headers or EOF, answers 200 when it got
 *                                headers, and prints "closed <bytes received>"
 *   peer-process connect <path>  connects, sends a GET request, reads until EOF and
 *                                prints "read <bytes received>"
 *
 * Lines go to stdout, flushed, so that the test waits on them instead of on time.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_CONNECTIONS 64

static int address(const char *path, struct sockaddr_un *addr)
{
	memset(addr, 0, sizeof(*addr));
	addr->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(addr->sun_path)) {
		return -1;
	}
	strcpy(addr->sun_path, path);
	return 0;
}

static int serve(const char *path)
{
	struct sockaddr_un addr;
	int server = socket(AF_UNIX, SOCK_STREAM, 0);
	if (server < 0 || address(path, &addr) != 0 || bind(server, (struct sockaddr *) &addr, sizeof(addr)) != 0
			|| chmod(path, 0777) != 0 || listen(server, 16) != 0) {
		printf("error %d\n", errno);
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	for (int n = 0; n < MAX_CONNECTIONS; n++) {
		int connection = accept(server, NULL, NULL);
		if (connection < 0) {
			return 1;
		}
		char buffer[65536];
		size_t total = 0;
		int headers = 0;
		for (;;) {
			ssize_t got = read(connection, buffer, sizeof(buffer));
			if (got <= 0) {
				break;
			}
			total += (size_t) got;
			if (memmem(buffer, (size_t) got, "\r\n\r\n", 4) != NULL) {
				headers = 1;
				break;
			}
		}
		if (headers) {
			const char *response = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\npeer";
			if (write(connection, response, strlen(response)) < 0) {
				printf("error %d\n", errno);
			}
		}
		close(connection);
		printf("closed %zu\n", total);
		fflush(stdout);
	}
	return 0;
}

static int call(const char *path)
{
	struct sockaddr_un addr;
	int client = socket(AF_UNIX, SOCK_STREAM, 0);
	if (client < 0 || address(path, &addr) != 0 || connect(client, (struct sockaddr *) &addr, sizeof(addr)) != 0) {
		printf("error %d\n", errno);
		return 1;
	}
	const char *request = "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
	if (write(client, request, strlen(request)) < 0) {
		/* Closed by the server before it read: counted as nothing read. */
		printf("read 0\n");
		return 0;
	}
	char buffer[65536];
	size_t total = 0;
	for (;;) {
		ssize_t got = read(client, buffer, sizeof(buffer));
		if (got <= 0) {
			break;
		}
		total += (size_t) got;
	}
	printf("read %zu\n", total);
	return 0;
}

int main(int argc, char **argv)
{
	/* A peer closed unread makes a write fail with EPIPE instead of killing the process. */
	signal(SIGPIPE, SIG_IGN);
	if (argc == 3 && strcmp(argv[1], "listen") == 0) {
		return serve(argv[2]);
	}
	if (argc == 3 && strcmp(argv[1], "connect") == 0) {
		return call(argv[2]);
	}
	fprintf(stderr, "usage: %s listen|connect <path>\n", argv[0]);
	return 2;
}
