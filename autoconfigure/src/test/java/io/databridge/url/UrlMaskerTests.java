package io.databridge.url;

import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tests for {@link UrlMasker}.
 *
 * @author Databridge team
 */
class UrlMaskerTests {

	@ParameterizedTest(name = "[{index}] {0}")
	@MethodSource("maskedUrls")
	void passwordsAreMasked(String url, String masked) {
		assertThat(UrlMasker.mask(url)).isEqualTo(masked);
	}

	static Stream<Arguments> maskedUrls() {
		return Stream.of(Arguments.of("postgresql://u:Hunter2@h/db", "postgresql://u:****@h/db"),
				Arguments.of("postgresql://u:p@ss@h/db", "postgresql://u:****@h/db"),
				Arguments.of("postgresql://u:ab/cd@h/db?sslmode=require", "postgresql://u:****@h/db?sslmode=require"),
				Arguments.of("postgresql://u:p%40ss@h1,h2/db", "postgresql://u:****@h1,h2/db"),
				Arguments.of("postgresql://h/db?user=u&password=Hunter2", "postgresql://h/db?user=u&password=****"),
				Arguments.of("postgresql://h/db?password=Hunter2&sslmode=require",
						"postgresql://h/db?password=****&sslmode=require"),
				Arguments.of("r2dbc:postgresql://h/db?sslPassword=KeyPass", "r2dbc:postgresql://h/db?sslPassword=****"),
				Arguments.of("jdbc:postgresql://h/db?PASSWORD=x&sslpassword=y",
						"jdbc:postgresql://h/db?PASSWORD=****&sslpassword=****"),
				Arguments.of("postgresql://u:a@h/db?password=b", "postgresql://u:****@h/db?password=****"),
				Arguments.of("Connection to postgresql://u:Hunter2@h:5432/db refused",
						"Connection to postgresql://u:****@h:5432/db refused"),
				Arguments.of("u:Hunter2@h/db", "u:****@h/db"), Arguments
					.of("a postgresql://u:p1@h1 and r2dbc:postgresql://v:p2@h2?x=1", "a postgresql://u:****@h2?x=1"));
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@ValueSource(strings = { "postgresql://u@h/db", "postgresql://u:@h/db", "postgresql://h:5432/db?sslmode=require",
			"jdbc:postgresql://h/db?user=u&password=", "r2dbc:pool:postgresql://h/db", "localhost:5432/db",
			"no url at all", "mypassword=x" })
	void textWithoutPasswordIsUnchanged(String text) {
		assertThat(UrlMasker.mask(text)).isEqualTo(text);
	}

	@Test
	void nullIsMaskedToEmptyText() {
		assertThat(UrlMasker.mask(null)).isEmpty();
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@ValueSource(strings = { "", "://", "@", ":@", "://@:", "://:@", "?password=", "password=", "=&=&", "::::@@@@????",
			"%%%", "\u0000", "password", "://?@:", "[::1]:@", "a://b://c:d@e://f", "password=password=password=" })
	void garbageIsMaskedWithoutFailingAndIdempotently(String text) {
		String masked = UrlMasker.mask(text);
		assertThat(UrlMasker.mask(masked)).isEqualTo(masked);
	}

	@Test
	void maskingIsIdempotentForRandomText() {
		Random random = new Random(42);
		String alphabet = ":/@?&=%#+pasword_slPW ";
		for (int i = 0; i < 20000; i++) {
			StringBuilder text = new StringBuilder();
			int length = random.nextInt(40);
			for (int j = 0; j < length; j++) {
				text.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			String masked = UrlMasker.mask(text.toString());
			assertThat(UrlMasker.mask(masked)).as("mask of '%s'", text).isEqualTo(masked);
		}
	}

	@Test
	void maskedTextNeverContainsTheUserInfoPassword() {
		Random random = new Random(7);
		String alphabet = "ab:/@#+=%";
		for (int i = 0; i < 5000; i++) {
			StringBuilder password = new StringBuilder("Q");
			for (int j = 0; j < random.nextInt(12); j++) {
				password.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			String url = "postgresql://user:" + password + "Z@host/db?sslmode=require";
			assertThat(UrlMasker.mask(url)).as(url).isEqualTo("postgresql://user:****@host/db?sslmode=require");
		}
	}

	@Test
	void longHostileTextIsMaskedQuickly() {
		String text = "://a:b@?password=&".repeat(600) + "@".repeat(5000);
		String masked = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> UrlMasker.mask(text));
		assertThat(UrlMasker.mask(masked)).isEqualTo(masked);
	}

}
