package io.databridge.test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.util.io.pem.PemObjectGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Certificates made for one test class: a certificate authority and the certificates it
 * signs, written as PEM files into a directory. Nothing is read from the machine's trust
 * store, so a test decides exactly what is trusted.
 *
 * @author Databridge team
 */
public final class TestCertificates {

	private static final Duration VALIDITY = Duration.ofDays(2);

	private static final AtomicLong serials = new AtomicLong(System.currentTimeMillis());

	private final Path directory;

	private final String name;

	private final KeyPair keys;

	private final X509Certificate certificate;

	private TestCertificates(Path directory, String name, KeyPair keys, X509Certificate certificate) {
		this.directory = directory;
		this.name = name;
		this.keys = keys;
		this.certificate = certificate;
	}

	/**
	 * Creates a certificate authority and writes its certificate to {@code <name>.crt} in
	 * the given directory.
	 * @param directory where the PEM files go
	 * @param name the authority's common name, also the stem of its file names
	 * @return the authority
	 */
	public static TestCertificates authority(Path directory, String name) {
		KeyPair keys = newKeys();
		X509Certificate certificate = sign(new X500Name("CN=" + name), keys, new X500Name("CN=" + name),
				keys.getPrivate(), true, null);
		TestCertificates authority = new TestCertificates(directory, name, keys, certificate);
		authority.write(name + ".crt", pem(certificate));
		return authority;
	}

	/**
	 * Returns the PEM file of this authority's certificate, to be trusted.
	 * @return the file
	 */
	public Path certificateFile() {
		return this.directory.resolve(this.name + ".crt");
	}

	/**
	 * Writes this authority's certificate into a PKCS#12 trust store.
	 * @param fileName the store's file name
	 * @param password the store's password
	 * @return the store's file
	 */
	public Path trustStore(String fileName, String password) {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setCertificateEntry(this.name, this.certificate);
			return store(store, fileName, password);
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Issues a client certificate whose common name is the given user into a PKCS#12 key
	 * store, under the alias {@code client}, key and store protected by one password.
	 * @param fileName the store's file name
	 * @param user the database user the certificate logs in as
	 * @param password the password of the store and of the key
	 * @return the store's file
	 */
	public Path issueClientKeyStore(String fileName, String user, String password) {
		KeyPair issuedKeys = newKeys();
		X509Certificate issued = sign(new X500Name("CN=" + user), issuedKeys, new X500Name("CN=" + this.name),
				this.keys.getPrivate(), false, null);
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setKeyEntry("client", issuedKeys.getPrivate(), password.toCharArray(),
					new Certificate[] { issued, this.certificate });
			return store(store, fileName, password);
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Path store(KeyStore store, String fileName, String password) throws IOException, GeneralSecurityException {
		Path file = this.directory.resolve(fileName);
		try (OutputStream out = Files.newOutputStream(file)) {
			store.store(out, password.toCharArray());
		}
		return file;
	}

	/**
	 * Issues a server certificate naming the given DNS host, and writes it and its key
	 * (readable by its owner only, as PostgreSQL demands) to {@code <stem>.crt} and
	 * {@code <stem>.key}.
	 * @param stem the stem of the file names
	 * @param host the DNS name the certificate names
	 * @return the issued certificate's files
	 */
	public Issued issueServer(String stem, String host) {
		return issue(stem, "CN=" + host, host, null);
	}

	/**
	 * Issues a client certificate whose common name is the given user, and writes it and
	 * its key to {@code <stem>.crt} and {@code <stem>.key}; with a key password, the key
	 * is written encrypted (PKCS#8, AES-256).
	 * @param stem the stem of the file names
	 * @param user the database user the certificate logs in as
	 * @param keyPassword the password the key is encrypted with, or {@code null}
	 * @return the issued certificate's files
	 */
	public Issued issueClient(String stem, String user, @Nullable String keyPassword) {
		return issue(stem, "CN=" + user, null, keyPassword);
	}

	private Issued issue(String stem, String subject, @Nullable String host, @Nullable String keyPassword) {
		KeyPair issuedKeys = newKeys();
		X509Certificate issued = sign(new X500Name(subject), issuedKeys, new X500Name("CN=" + this.name),
				this.keys.getPrivate(), false, host);
		Path certificateFile = write(stem + ".crt", pem(issued));
		Path keyFile = write(stem + ".key", pem(issuedKeys.getPrivate(), keyPassword));
		return new Issued(certificateFile, keyFile);
	}

	private Path write(String fileName, String content) {
		Path file = this.directory.resolve(fileName);
		try {
			Files.writeString(file, content);
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return file;
	}

	private static KeyPair newKeys() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(256, new SecureRandom());
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, PrivateKey issuerKey,
			boolean authority, @Nullable String host) {
		Instant now = Instant.now();
		try {
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
					BigInteger.valueOf(serials.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
					Date.from(now.plus(VALIDITY)), subject, subjectKeys.getPublic());
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
			if (authority) {
				builder.addExtension(Extension.keyUsage, true,
						new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
			}
			else {
				builder.addExtension(Extension.keyUsage, true,
						new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyAgreement));
			}
			if (host != null) {
				builder.addExtension(Extension.subjectAlternativeName, false,
						new GeneralNames(new GeneralName(GeneralName.dNSName, host)));
			}
			ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey);
			return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
		}
		catch (IOException | GeneralSecurityException | OperatorCreationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String pem(Object object) {
		StringWriter text = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
			writer.writeObject(object);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return text.toString();
	}

	private static String pem(PrivateKey key, @Nullable String password) {
		try {
			OutputEncryptor encryptor = null;
			if (password != null) {
				encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
					.setProvider(new BouncyCastleProvider())
					.setPassword(password.toCharArray())
					.build();
			}
			StringWriter text = new StringWriter();
			try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
				writer.writeObject((PemObjectGenerator) new JcaPKCS8Generator(key, encryptor));
			}
			return text.toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (OperatorCreationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The files of an issued certificate.
	 *
	 * @param certificate the PEM file of the certificate
	 * @param key the PEM file of its private key (PKCS#8)
	 */
	public record Issued(Path certificate, Path key) {
	}

}
