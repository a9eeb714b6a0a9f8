package io.github.loopbackfastpath.unix;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jdk.net.UnixDomainPrincipal;
import org.jspecify.annotations.Nullable;

/**
 * The process at the other end of a Unix-socket connection, as the kernel tells it
 * ({@code SO_PEERCRED} on Linux, {@code LOCAL_PEERCRED} on macOS): its effective user and
 * group when it connected or started listening. Principals compare by their numeric id,
 * so a peer read as numbers (junixsocket, Netty's native transports) equals one read as
 * the JDK's {@link UnixDomainPrincipal}.
 *
 * @param user the peer's user
 * @param group the peer's primary group, {@code null} when the OS did not say
 */
public record UnixPeer(UserPrincipal user, @Nullable GroupPrincipal group) {

	/** How many numeric ids {@link #of(long, long)} keeps the principal of. */
	static final int MAX_CACHED_IDS = 64;

	private static final Map<Long, UserPrincipal> users = new ConcurrentHashMap<>();

	private static final Map<Long, GroupPrincipal> groups = new ConcurrentHashMap<>();

	/**
	 * The peer the JDK read.
	 * @param principal {@code SocketChannel.getOption(ExtendedSocketOptions.SO_PEERCRED)}
	 * @return the peer
	 */
	public static UnixPeer of(UnixDomainPrincipal principal) {
		return new UnixPeer(principal.user(), principal.group());
	}

	/**
	 * The peer of numeric ids, as junixsocket and Netty's native transports read them.
	 * The JDK's principal of a number compares equal to the principal of the name with
	 * that id; each id is looked up once, for up to {@value #MAX_CACHED_IDS} ids.
	 * @param uid the peer's user id
	 * @param gid the peer's group id, or a negative number when unknown
	 * @return the peer
	 * @throws IOException when the id is negative or cannot be looked up
	 */
	public static UnixPeer of(long uid, long gid) throws IOException {
		if (uid < 0) {
			throw new IOException("the operating system did not tell the peer's user");
		}
		UserPrincipal user = cached(users, uid, (lookup, id) -> lookup.lookupPrincipalByName(id));
		GroupPrincipal group = (gid >= 0) ? cached(groups, gid, (lookup, id) -> lookup.lookupPrincipalByGroupName(id))
				: null;
		return new UnixPeer(user, group);
	}

	private static <P> P cached(Map<Long, P> cache, long id, Lookup<P> lookup) throws IOException {
		P principal = cache.get(id);
		if (principal == null) {
			// A number that names no user is taken as the id itself
			// (UserPrincipalLookupService on Linux and macOS).
			principal = lookup.find(FileSystems.getDefault().getUserPrincipalLookupService(), Long.toString(id));
			if (cache.size() < MAX_CACHED_IDS) {
				cache.put(id, principal);
			}
		}
		return principal;
	}

	/**
	 * For messages.
	 * @return for example {@code user nobody, group nogroup}, or {@code uid 65534, gid
	 * 65534} for a peer read as numbers
	 */
	@Override
	public String toString() {
		return name("user ", "uid ", this.user.getName())
				+ ((this.group != null) ? ", " + name("group ", "gid ", this.group.getName()) : "");
	}

	/**
	 * A principal read as a number has the number as its name.
	 */
	private static String name(String named, String numeric, String name) {
		return (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) ? numeric + name : named + name;
	}

	@FunctionalInterface
	private interface Lookup<P> {

		P find(UserPrincipalLookupService lookup, String id) throws IOException;

	}

	/**
	 * Reads the peer of a connection, technology by technology.
	 */
	@FunctionalInterface
	public interface Source {

		/**
		 * Reads the peer.
		 * @return the peer
		 * @throws IOException when the operating system cannot tell it
		 */
		UnixPeer read() throws IOException;

	}

}
