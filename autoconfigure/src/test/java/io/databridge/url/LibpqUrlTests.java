package io.databridge.url;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LibpqUrl}.
 *
 * @author Databridge team
 */
class LibpqUrlTests {

	@Test
	void hostPortAndDatabaseFormTheUrl() {
		assertThat(LibpqUrl.of(new HostAddress("localhost", 32768), "orders"))
			.isEqualTo("postgresql://localhost:32768/orders");
	}

	@Test
	void ipv6HostIsBracketed() {
		assertThat(LibpqUrl.of(new HostAddress("::1", 5432), "orders")).isEqualTo("postgresql://[::1]:5432/orders");
	}

	@Test
	void databaseNameIsPercentEncodedAndReadBackUnchanged() {
		String url = LibpqUrl.of(new HostAddress("localhost", 5432), "my db/ü+%?");
		assertThat(url).isEqualTo("postgresql://localhost:5432/my%20db%2F%C3%BC%2B%25%3F");
		assertThat(DatabaseUrlParser.parse(url).database()).isEqualTo("my db/ü+%?");
	}

}
