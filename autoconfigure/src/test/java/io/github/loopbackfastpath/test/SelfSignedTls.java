package io.github.loopbackfastpath.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made by the
 * JDK's keytool, and a tiny HTTPS server with it, for the tests that prove where TLS
 * runs. The key store is PKCS#12 with the password {@value #PASSWORD}.
 */
public final class SelfSignedTls {

	/**
	 * The password of the key store and of its key.
	 */
	public static final String PASSWORD = "secret";

	private SelfSignedTls() {
	}

	/**
	 * Makes a key pair and a self-signed certificate with keytool.
	 * @param file the PKCS#12 key store to write
	 * @return the file
	 * @throws IOException when keytool cannot be run
	 * @throws InterruptedException when interrupted while waiting for keytool
	 */
	public static Path keyStore(Path file) throws IOException, InterruptedException {
		Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
				"-genkeypair", "-alias", "sidecar", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
				"CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
				"-keystore", file.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
			.redirectErrorStream(true)
			.start();
		String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
		assertThat(keytool.exitValue()).as(output).isZero();
		assertThat(file).exists();
		return file;
	}

	/**
	 * The key managers of a key store made by {@link #keyStore(Path)}.
	 * @param keyStore the key store
	 * @return its key managers
	 * @throws IOException when it cannot be read
	 * @throws GeneralSecurityException when it cannot be loaded
	 */
	public static KeyManagerFactory keyManagers(Path keyStore) throws IOException, GeneralSecurityException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keyStore)) {
			store.load(in, PASSWORD.toCharArray());
		}
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(store, PASSWORD.toCharArray());
		return keyManagers;
	}

	/**
	 * Starts an HTTPS server on an ephemeral port of 127.0.0.1 that answers every request
	 * with {@code pong over tls}. The caller stops it.
	 * @param keyStore the key store made by {@link #keyStore(Path)}
	 * @return the started server
	 * @throws IOException when it cannot be read or bound
	 * @throws GeneralSecurityException when the key store cannot be loaded
	 */
	public static HttpsServer httpsServer(Path keyStore) throws IOException, GeneralSecurityException {
		SSLContext tls = SSLContext.getInstance("TLS");
		tls.init(keyManagers(keyStore).getKeyManagers(), null, null);
		HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
		server.setHttpsConfigurator(new HttpsConfigurator(tls));
		server.createContext("/", (exchange) -> {
			byte[] body = "pong over tls".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		server.start();
		return server;
	}

}
