package io.github.loopbackfastpath.test;

import java.io.File;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A class path like the test's own, less some libraries, in a class loader of its own:
 * what an application without those libraries sees. Unlike Spring Boot's
 * {@code FilteredClassLoader}, which only hides classes from condition evaluation, every
 * class here (the starter's included) is defined by this loader, so a class that names a
 * missing type fails exactly as it would in the user's application. JNA is shared with
 * the test's loader: its native dispatch library can be loaded only once per JVM.
 */
public final class IsolatedClassPath extends URLClassLoader {

	private static final String SHARED_PACKAGE = "com.sun.jna.";

	private final ClassLoader shared;

	private IsolatedClassPath(URL[] urls, ClassLoader shared) {
		super("isolated", urls, ClassLoader.getPlatformClassLoader());
		this.shared = shared;
	}

	/**
	 * A class loader over the test class path without the jars whose file names start
	 * with one of the given prefixes.
	 * @param jarPrefixes file name prefixes such as {@code "reactor-netty-"}
	 * @return the class loader; close it after use
	 */
	public static IsolatedClassPath without(String... jarPrefixes) {
		List<URL> urls = new ArrayList<>();
		for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			String name = Path.of(entry).getFileName().toString();
			boolean excluded = false;
			for (String prefix : jarPrefixes) {
				excluded |= name.startsWith(prefix) && name.endsWith(".jar");
			}
			if (!excluded) {
				try {
					urls.add(Path.of(entry).toUri().toURL());
				}
				catch (MalformedURLException ex) {
					throw new IllegalStateException(ex);
				}
			}
		}
		return new IsolatedClassPath(urls.toArray(URL[]::new), IsolatedClassPath.class.getClassLoader());
	}

	/**
	 * Whether a class can be loaded here.
	 * @param className the class
	 * @return whether it is on this class path
	 */
	public boolean has(String className) {
		try {
			Class.forName(className, false, this);
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	/**
	 * Calls a public static method, loaded through this class loader, that takes a
	 * {@code String[]}; the thread's context class loader is this loader meanwhile.
	 * @param className the class
	 * @param methodName the method
	 * @param arguments its arguments
	 * @return what it returned (use JDK types only, which both loaders share)
	 * @throws Exception what it threw
	 */
	public Object call(String className, String methodName, String... arguments) throws Exception {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(this);
		try {
			Method method = Class.forName(className, true, this).getMethod(methodName, String[].class);
			return method.invoke(null, (Object) arguments);
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	@Override
	protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
		if (name.startsWith(SHARED_PACKAGE)) {
			return this.shared.loadClass(name);
		}
		return super.loadClass(name, resolve);
	}

}
