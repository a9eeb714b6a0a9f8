package io.github.loopbackfastpath.unix;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jdk.net.ExtendedSocketOptions;
import org.jspecify.annotations.Nullable;

/**
 * Which local users may be at the other end of a Unix socket: the expected peer of a
 * route (the sidecar's user), or who may connect to the application's own socket. A peer
 * passes when its user is one of {@link #users()} (any user when there are none) and its
 * primary group one of {@link #groups()} (any group when there are none). Names and
 * numeric ids are resolved once, when the rule is created.
 */
public final class UnixPeerRule {

	private final Set<UserPrincipal> users;

	private final Set<GroupPrincipal> groups;

	private final String description;

	private UnixPeerRule(Set<UserPrincipal> users, Set<GroupPrincipal> groups, String description) {
		this.users = users;
		this.groups = groups;
		this.description = description;
	}

	/**
	 * Resolves a rule.
	 * @param users user names or numeric ids, any of which the peer may have; empty for
	 * any user
	 * @param groups group names or numeric ids, any of which the peer's primary group may
	 * be; empty for any group
	 * @return the rule
	 * @throws IllegalArgumentException when both are empty
	 * @throws java.nio.file.attribute.UserPrincipalNotFoundException when a name is
	 * unknown
	 * @throws IOException when the names cannot be looked up
	 */
	public static UnixPeerRule of(List<String> users, List<String> groups) throws IOException {
		if (users.isEmpty() && groups.isEmpty()) {
			throw new IllegalArgumentException("A peer rule needs a user or a group");
		}
		UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
		Set<UserPrincipal> userPrincipals = new LinkedHashSet<>();
		for (String user : users) {
			try {
				userPrincipals.add(lookup.lookupPrincipalByName(user.trim()));
			}
			catch (UserPrincipalNotFoundException ex) {
				throw new UnknownPrincipalException(user.trim(), false);
			}
		}
		Set<GroupPrincipal> groupPrincipals = new LinkedHashSet<>();
		for (String group : groups) {
			try {
				groupPrincipals.add(lookup.lookupPrincipalByGroupName(group.trim()));
			}
			catch (UserPrincipalNotFoundException ex) {
				throw new UnknownPrincipalException(group.trim(), true);
			}
		}
		List<String> parts = new ArrayList<>();
		if (!users.isEmpty()) {
			parts.add(((users.size() == 1) ? "user " : "users ") + String.join(" or ", users));
		}
		if (!groups.isEmpty()) {
			parts.add(((groups.size() == 1) ? "group " : "groups ") + String.join(" or ", groups));
		}
		return new UnixPeerRule(Set.copyOf(userPrincipals), Set.copyOf(groupPrincipals), String.join(", ", parts));
	}

	/**
	 * Whether a peer passes.
	 * @param peer the peer
	 * @return whether its user and group are allowed
	 */
	public boolean accepts(UnixPeer peer) {
		boolean user = this.users.isEmpty() || this.users.contains(peer.user());
		boolean group = this.groups.isEmpty() || (peer.group() != null && this.groups.contains(peer.group()));
		return user && group;
	}

	/**
	 * The users a peer may have.
	 * @return the users; empty for any
	 */
	public Set<UserPrincipal> users() {
		return this.users;
	}

	/**
	 * The primary groups a peer may have.
	 * @return the groups; empty for any
	 */
	public Set<GroupPrincipal> groups() {
		return this.groups;
	}

	/**
	 * For messages and the status.
	 * @return for example {@code user envoy, group envoy}
	 */
	@Override
	public String toString() {
		return this.description;
	}

	/**
	 * Why this JVM cannot tell the peer of a Unix socket, if it cannot: the JDK reads it
	 * ({@code ExtendedSocketOptions.SO_PEERCRED}) on Linux and macOS, not on Windows.
	 * @return {@code null} when it can, else why not
	 */
	public static @Nullable String peerCredentialsUnavailable() {
		return PeerCredentials.UNAVAILABLE;
	}

	/**
	 * Asked once per JVM: the answer does not change while it runs.
	 */
	private static final class PeerCredentials {

		static final @Nullable String UNAVAILABLE = probe();

	}

	private static @Nullable String probe() {
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			if (channel.supportedOptions().contains(ExtendedSocketOptions.SO_PEERCRED)) {
				return null;
			}
			return "this operating system (" + System.getProperty("os.name") + ") does not tell the peer of a Unix "
					+ "socket (SO_PEERCRED is not supported): file permissions alone decide who may connect";
		}
		catch (IOException | UnsupportedOperationException ex) {
			return "this JVM cannot open a Unix socket: " + ex.getMessage();
		}
		catch (LinkageError ex) {
			return "the jdk.net module is not in this Java runtime: " + ex;
		}
	}

	/**
	 * A user or group that does not exist on this machine, named whatever the JDK puts in
	 * its own exception (JDK 17 the name, JDK 25 an empty one).
	 */
	public static final class UnknownPrincipalException extends UserPrincipalNotFoundException {

		private static final long serialVersionUID = 1L;

		private final boolean group;

		UnknownPrincipalException(String name, boolean group) {
			super(name);
			this.group = group;
		}

		/**
		 * Whether a group was looked up, else a user.
		 * @return whether it names a group
		 */
		public boolean isGroup() {
			return this.group;
		}

	}

}
