package io.databridge.url;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.databridge.test.UrlEncoding;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Generated input for the URL parser and the masker: any text either parses or is refused
 * with Databridge's own error and a message to act on, promptly; a password of any
 * characters, percent-encoded as each dialect wants, comes back intact, and never shows
 * in a masked URL or an error message.
 *
 * @author Databridge team
 */
class HostileUrlPropertyTests {

	private static final int TRIES = 10_000;

	private static final Duration PROMPTLY = Duration.ofSeconds(2);

	private static final String SPECIALS = " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

	@Property(tries = TRIES)
	void anyTextParsesOrIsRefusedWithAUrlError(@ForAll("hostileText") String text) {
		assertTimeoutPreemptively(PROMPTLY, () -> {
			try {
				DatabaseUrl url = DatabaseUrlParser.parse(text);
				assertThat(url.toString()).isNotNull();
			}
			catch (InvalidDatabaseUrlException ex) {
				assertThat(ex.getReason()).isNotBlank();
				assertThat(ex.getAction()).isNotBlank();
			}
		});
	}

	@Property(tries = TRIES)
	void passwordOfAnyCharactersComesBackIntactFromEveryDialect(@ForAll("passwords") String password) {
		String encoded = UrlEncoding.percentEncode(password);
		String formEncoded = URLEncoder.encode(password, StandardCharsets.UTF_8);
		assertThat(DatabaseUrlParser.parse("postgresql://app:" + encoded + "@db.example.com:5432/orders").password())
			.isEqualTo(password);
		assertThat(DatabaseUrlParser.parse("postgresql+asyncpg://app:" + encoded + "@db.example.com/orders").password())
			.isEqualTo(password);
		assertThat(DatabaseUrlParser.parse("r2dbc:postgresql://app:" + encoded + "@db.example.com/orders").password())
			.isEqualTo(password);
		assertThat(DatabaseUrlParser
			.parse("jdbc:postgresql://db.example.com/orders?user=app&password=" + formEncoded + "&sslmode=require")
			.password()).isEqualTo(password);
	}

	@Property(tries = TRIES)
	void passwordNeverShowsInAMaskedUrlOrAnError(@ForAll("passwords") String password,
			@ForAll("brokenParts") String broken) {
		String encoded = UrlEncoding.percentEncode(password);
		String formEncoded = URLEncoder.encode(password, StandardCharsets.UTF_8);
		for (String url : new String[] { "postgresql://app:" + encoded + "@db.example.com" + broken + "/orders",
				"jdbc:postgresql://db.example.com" + broken + "/orders?password=" + formEncoded + "&user=app",
				"postgresql+asyncpg://app:" + encoded + "@db.example.com" + broken + "/orders?ssl=require" }) {
			String masked = UrlMasker.mask(url);
			assertThat(masked).doesNotContain(encoded).doesNotContain(formEncoded);
			assertThat(UrlMasker.mask(masked)).isEqualTo(masked);
			try {
				assertThat(DatabaseUrlParser.parse(url).toString()).doesNotContain(password)
					.doesNotContain(encoded)
					.doesNotContain(formEncoded);
			}
			catch (InvalidDatabaseUrlException ex) {
				assertThat(ex.getMessage()).doesNotContain(password)
					.doesNotContain(encoded)
					.doesNotContain(formEncoded);
				assertThat(ex.getMaskedUrl()).doesNotContain(encoded).doesNotContain(formEncoded);
			}
		}
	}

	@Property(tries = TRIES)
	void maskingAnyTextNeverFails(@ForAll("hostileText") String text) {
		String masked = UrlMasker.mask(text);
		assertThat(UrlMasker.mask(masked)).isEqualTo(masked);
	}

	@Provide
	Arbitrary<String> passwords() {
		return Arbitraries.strings()
			.withChars(SPECIALS)
			.withCharRange('a', 'z')
			.withCharRange('A', 'Z')
			.withCharRange('0', '9')
			.withChars("éß€漢")
			.ofMinLength(10)
			.ofMaxLength(40)
			.filter((password) -> password.chars().distinct().count() >= 6);
	}

	@Provide
	Arbitrary<String> brokenParts() {
		return Arbitraries.oneOf(Arbitraries.of("", ":5432", ":99999", ":port", ":-1", "%zz", "%", "[::1", "@@", ",",
				":5432,other:abc", "?", "#", " "), Arbitraries.strings().withChars(SPECIALS).ofMaxLength(6));
	}

	@Provide
	Arbitrary<String> hostileText() {
		Arbitrary<String> prefixes = Arbitraries.of("", "postgresql://", "postgres://", "jdbc:postgresql://",
				"jdbc:postgresql:", "r2dbc:postgresql://", "r2dbcs:postgresql://", "r2dbc:pool:postgresql://",
				"postgresql+asyncpg://", "postgresql+psycopg://", "mysql://", "postgresql:///", "://");
		Arbitrary<String> bodies = Arbitraries.strings()
			.withChars(SPECIALS)
			.withCharRange('a', 'z')
			.withCharRange('0', '9')
			.withChars("\u0000\t\n\u00e9")
			.ofMaxLength(80);
		return prefixes.flatMap((prefix) -> bodies.map((body) -> prefix + body));
	}

}
