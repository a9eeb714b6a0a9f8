package io.github.loopbackfastpath.unix.autoconfigure;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.github.loopbackfastpath.unix.UnixPeerRule;
import io.github.loopbackfastpath.unix.UnixSocketPathException;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * The peer checks of {@code loopback.fastpath.unix.peers.*} and
 * {@code loopback.fastpath.unix.server.allowed-*}, resolved at startup: a check that
 * could not work stops startup with a message naming its property and the fix (an unknown
 * user or group, a port without a route, a platform that cannot tell the peer).
 */
final class UnixPeerSettings {

	private static final String SERVER_USERS = "loopback.fastpath.unix.server.allowed-users";

	private static final String SERVER_GROUPS = "loopback.fastpath.unix.server.allowed-groups";

	private UnixPeerSettings() {
	}

	static UnixSocketTransport.Peers peers(UnixSocketProperties properties, Set<Integer> routedPorts) {
		Map<Integer, UnixPeerRule> routes = new TreeMap<>();
		properties.getPeers().forEach((key, peer) -> {
			String property = UnixSocketTransport.PEERS_PROPERTY + "." + key;
			String user = StringUtils.hasText(peer.getUser()) ? peer.getUser() : null;
			String group = StringUtils.hasText(peer.getGroup()) ? peer.getGroup() : null;
			String value = (user != null) ? user : String.valueOf(group);
			int port = UnixSocketAutoConfiguration.port(property, key, value);
			if (!routedPorts.contains(port)) {
				throw new UnixSocketPathException(property, value,
						"loopback port " + port + " has no route whose peer could be checked",
						"Add " + UnixSocketTransport.ROUTES_PROPERTY + "." + port
								+ "=<socket path>, or remove this setting.");
			}
			if (user == null && group == null) {
				throw new UnixSocketPathException(property, "", "an expected peer needs a user or a group",
						"Set " + property + ".user=<name or uid> or " + property + ".group=<name or gid>.");
			}
			requirePeerCredentials((user != null) ? property + ".user" : property + ".group", value);
			routes.put(port, rule(property, (user != null) ? List.of(user) : List.of(),
					(group != null) ? List.of(group) : List.of()));
		});
		UnixSocketProperties.Server server = properties.getServer();
		UnixPeerRule allowed = null;
		if (!server.getAllowedUsers().isEmpty() || !server.getAllowedGroups().isEmpty()) {
			String property = !server.getAllowedUsers().isEmpty() ? SERVER_USERS : SERVER_GROUPS;
			String value = String.join(",",
					!server.getAllowedUsers().isEmpty() ? server.getAllowedUsers() : server.getAllowedGroups());
			if (server.getPath() == null) {
				throw new UnixSocketPathException(property, value, "the server listens on no Unix socket",
						"Set " + UnixSocketTransport.SERVER_PATH_PROPERTY + ", or remove this setting.");
			}
			requirePeerCredentials(property, value);
			allowed = rule("loopback.fastpath.unix.server", server.getAllowedUsers(), server.getAllowedGroups());
		}
		return new UnixSocketTransport.Peers(routes, allowed);
	}

	private static void requirePeerCredentials(String property, String value) {
		String unavailable = UnixPeerRule.peerCredentialsUnavailable();
		if (unavailable != null) {
			throw new UnixSocketPathException(property, value, unavailable,
					"Remove this setting on this platform: without the peer's credentials it could not be checked.");
		}
	}

	private static UnixPeerRule rule(String property, List<String> users, List<String> groups) {
		try {
			return UnixPeerRule.of(users, groups);
		}
		catch (UnixPeerRule.UnknownPrincipalException ex) {
			String name = ex.getName();
			boolean user = !ex.isGroup();
			throw new UnixSocketPathException(
					property + (property.endsWith(".server") ? (user ? ".allowed-users" : ".allowed-groups")
							: (user ? ".user" : ".group")),
					name, "there is no " + (user ? "user" : "group") + " '" + name + "' on this machine",
					"Give the name or the numeric id of the " + (user ? "user" : "group")
							+ " the process runs as (id -u, id -g, or stat -c '%u %g' on its socket).");
		}
		catch (IOException ex) {
			throw new UnixSocketPathException(property, describe(users, groups),
					"the users and groups could not be looked up: " + ex.getMessage(),
					"Give numeric ids instead of names.");
		}
	}

	private static String describe(List<String> users, @Nullable List<String> groups) {
		return String.join(",", users) + ((groups != null && !groups.isEmpty()) ? ";" + String.join(",", groups) : "");
	}

}
