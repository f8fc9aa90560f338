package io.databridge.url;

import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.databridge.url.ExpectedUrl.jdbc;
import static io.databridge.url.ExpectedUrl.libpq;
import static io.databridge.url.ExpectedUrl.r2dbc;
import static io.databridge.url.ExpectedUrl.sqlAlchemy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tests for {@link DatabaseUrlParser}.
 *
 * @author Databridge team
 */
class DatabaseUrlParserTests {

	private static final String SECRET = "Hunter2";

	@ParameterizedTest(name = "[{index}] {0}")
	@MethodSource("validUrls")
	void validUrlIsParsedIntoEveryField(String url, ExpectedUrl expected) {
		expected.assertMatches(DatabaseUrlParser.parse(url));
	}

	static Stream<Arguments> validUrls() {
		return Stream.of(libpqUrls(), sqlAlchemyUrls(), jdbcUrls(), r2dbcUrls()).flatMap((urls) -> urls);
	}

	static Stream<Arguments> libpqUrls() {
		return Stream.of(
				valid("postgresql://app:s3cr%40t@db.example.com:5432/appdb?sslmode=require&application_name=orders",
						libpq().host("db.example.com", 5432)
							.database("appdb")
							.username("app")
							.password("s3cr@t")
							.sslMode(SslMode.REQUIRE)
							.applicationName("orders")),
				valid("postgresql://neondb_owner:npg_AbC123@ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech/"
						+ "neondb?sslmode=require&channel_binding=require",
						libpq().host("ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech", 5432)
							.database("neondb")
							.username("neondb_owner")
							.password("npg_AbC123")
							.sslMode(SslMode.REQUIRE)
							.channelBinding(ChannelBinding.REQUIRE)),
				valid("postgres://u:p@h/db", libpq().host("h", 5432).database("db").username("u").password("p")),
				valid("postgresql://h", libpq().host("h", 5432)), valid("postgresql://h/", libpq().host("h", 5432)),
				valid("postgresql://h:6543/db", libpq().host("h", 6543).database("db")),
				valid("postgresql://u@h/db", libpq().host("h", 5432).database("db").username("u")),
				valid("postgresql://u:@h/db", libpq().host("h", 5432).database("db").username("u")),
				valid("postgresql://:p@h/db", libpq().host("h", 5432).database("db").password("p")),
				valid("postgresql://u:a%2Fb%3Ac%40d%3Fe%23f%26g%3Dh%2Bi%25j%20k@h/db",
						libpq().host("h", 5432).database("db").username("u").password("a/b:c@d?e#f&g=h+i%j k")),
				valid("postgresql://u:a+b@h/db", libpq().host("h", 5432).database("db").username("u").password("a+b")),
				valid("postgresql://u:p@ss@h/db",
						libpq().host("h", 5432).database("db").username("u").password("p@ss")),
				valid("postgresql://user@corp:p@h/db",
						libpq().host("h", 5432).database("db").username("user@corp").password("p")),
				valid("postgresql://u:ab/c+d=@h/db",
						libpq().host("h", 5432).database("db").username("u").password("ab/c+d=")),
				valid("postgresql://u:p#x@h/db", libpq().host("h", 5432).database("db").username("u").password("p#x")),
				valid("postgresql://u:%E2%82%AC@h/db",
						libpq().host("h", 5432).database("db").username("u").password("\u20ac")),
				valid("postgresql://h1:5432,h2:5433/db", libpq().host("h1", 5432).host("h2", 5433).database("db")),
				valid("postgresql://h1,h2:5433,h3/db",
						libpq().host("h1", 5432).host("h2", 5433).host("h3", 5432).database("db")),
				valid("postgresql:///db?host=h1,h2&port=5432,5433",
						libpq().host("h1", 5432).host("h2", 5433).database("db")),
				valid("postgresql:///db?host=h1,h2&port=6000",
						libpq().host("h1", 6000).host("h2", 6000).database("db")),
				valid("postgresql://[::1]:5433/db", libpq().host("::1", 5433).database("db")),
				valid("postgresql://[2001:db8::1],[::1]:5433/db",
						libpq().host("2001:db8::1", 5432).host("::1", 5433).database("db")),
				valid("postgresql://%2Fvar%2Frun%2Fpostgresql/db",
						libpq().unixSocket("/var/run/postgresql/.s.PGSQL.5432").database("db")),
				valid("postgresql:///db?host=/var/run/postgresql",
						libpq().unixSocket("/var/run/postgresql/.s.PGSQL.5432").database("db")),
				valid("postgresql:///db?host=/tmp/&port=5433", libpq().unixSocket("/tmp/.s.PGSQL.5433").database("db")),
				valid("postgresql://%2Ftmp:6000/db", libpq().unixSocket("/tmp/.s.PGSQL.6000").database("db")),
				valid("postgresql://old:old@oldhost:1111/olddb?host=new&port=2222&dbname=newdb&user=nu&password=np",
						libpq().host("new", 2222).database("newdb").username("nu").password("np")),
				valid("postgresql://h/db?options=-c%20search_path%3Dapp%20-c%20statement_timeout%3D5000",
						libpq().host("h", 5432)
							.database("db")
							.option("search_path", "app")
							.option("statement_timeout", "5000")),
				valid("postgresql://u:p@ep-cool-name-123456-pooler.us-east-2.aws.neon.tech/neondb?sslmode=require"
						+ "&channel_binding=require&options=endpoint%3Dep-cool-name-123456",
						libpq().host("ep-cool-name-123456-pooler.us-east-2.aws.neon.tech", 5432)
							.database("neondb")
							.username("u")
							.password("p")
							.sslMode(SslMode.REQUIRE)
							.channelBinding(ChannelBinding.REQUIRE)
							.endpoint("ep-cool-name-123456")),
				valid("postgresql://h/db?options=endpoint%3Dep-x%20-c%20work_mem%3D64MB",
						libpq().host("h", 5432).database("db").endpoint("ep-x").option("work_mem", "64MB")),
				valid("postgresql://h/db?options=-csearch_path=app",
						libpq().host("h", 5432).database("db").option("search_path", "app")),
				valid("postgresql://h/db?options=--work-mem=64MB%20%20--search_path=a",
						libpq().host("h", 5432).database("db").option("work_mem", "64MB").option("search_path", "a")),
				valid("postgresql://h/db?options=-c%20application_name=my%5C%20app",
						libpq().host("h", 5432).database("db").option("application_name", "my app")),
				valid("postgresql://h/db?connect_timeout=10",
						libpq().host("h", 5432).database("db").connectTimeout(Duration.ofSeconds(10))),
				valid("postgresql://h/db?sslmode=verify-full&sslrootcert=/etc/ssl/root.crt&sslcert=/etc/ssl/c.crt"
						+ "&sslkey=/etc/ssl/c.key&sslpassword=keypass",
						libpq().host("h", 5432)
							.database("db")
							.sslMode(SslMode.VERIFY_FULL)
							.sslRootCert("/etc/ssl/root.crt")
							.sslCert("/etc/ssl/c.crt")
							.sslKey("/etc/ssl/c.key")
							.sslPassword("keypass")),
				valid("postgresql://h1,h2/db?target_session_attrs=read-write",
						libpq().host("h1", 5432)
							.host("h2", 5432)
							.database("db")
							.targetSessionAttributes(TargetSessionAttributes.READ_WRITE)),
				valid("postgresql://h/db?target_session_attrs=prefer-standby",
						libpq().host("h", 5432)
							.database("db")
							.targetSessionAttributes(TargetSessionAttributes.PREFER_STANDBY)),
				valid("postgresql://h/db?channel_binding=disable",
						libpq().host("h", 5432).database("db").channelBinding(ChannelBinding.DISABLE)),
				valid("postgresql://h/my%20db", libpq().host("h", 5432).database("my db")),
				valid("postgresql://h/db?application_name=a+b",
						libpq().host("h", 5432).database("db").applicationName("a+b")),
				valid("  postgresql://h/db \n", libpq().host("h", 5432).database("db")),
				valid("POSTGRESQL://Db.Example.com/db", libpq().host("Db.Example.com", 5432).database("db")),
				valid("postgresql://h/db?sslmode=VERIFY-CA",
						libpq().host("h", 5432).database("db").sslMode(SslMode.VERIFY_CA)),
				valid("postgresql://h/db?", libpq().host("h", 5432).database("db")),
				valid("postgresql://h/db?sslmode=disable&",
						libpq().host("h", 5432).database("db").sslMode(SslMode.DISABLE)));
	}

	static Stream<Arguments> sqlAlchemyUrls() {
		return Stream.of(valid("postgresql+asyncpg://u:p@h/db?ssl=require",
				sqlAlchemy().host("h", 5432).database("db").username("u").password("p").sslMode(SslMode.REQUIRE)),
				valid("postgresql+psycopg://u:p@h:5433/db?sslmode=verify-full",
						sqlAlchemy().host("h", 5433)
							.database("db")
							.username("u")
							.password("p")
							.sslMode(SslMode.VERIFY_FULL)),
				valid("postgresql+psycopg2://u:p@h/db?application_name=x",
						sqlAlchemy().host("h", 5432).database("db").username("u").password("p").applicationName("x")),
				valid("postgres+asyncpg://u:p@h/db?ssl=true",
						sqlAlchemy().host("h", 5432)
							.database("db")
							.username("u")
							.password("p")
							.sslMode(SslMode.REQUIRE)),
				valid("postgresql+asyncpg://u:p@h/db?ssl=false",
						sqlAlchemy().host("h", 5432)
							.database("db")
							.username("u")
							.password("p")
							.sslMode(SslMode.DISABLE)),
				valid("postgresql+asyncpg://h/db?prepared_statement_cache_size=0",
						sqlAlchemy().host("h", 5432).database("db").statementCacheSize(0)),
				valid("postgresql+pg8000://u:p@h/db",
						sqlAlchemy().host("h", 5432).database("db").username("u").password("p")),
				valid("postgresql+aiopg://u:p@h/db?ssl=verify-ca",
						sqlAlchemy().host("h", 5432)
							.database("db")
							.username("u")
							.password("p")
							.sslMode(SslMode.VERIFY_CA)),
				valid("postgresql+asyncpg://u:p@h/db?ssl=require&sslmode=verify-full",
						sqlAlchemy().host("h", 5432)
							.database("db")
							.username("u")
							.password("p")
							.sslMode(SslMode.VERIFY_FULL)),
				valid("postgresql+asyncpg://u:p@/db?host=/var/run/postgresql",
						sqlAlchemy().unixSocket("/var/run/postgresql/.s.PGSQL.5432")
							.database("db")
							.username("u")
							.password("p")),
				valid("postgresql+psycopg://u:p%2Bq@h1:5432,h2:5433/db?target_session_attrs=primary",
						sqlAlchemy().host("h1", 5432)
							.host("h2", 5433)
							.database("db")
							.username("u")
							.password("p+q")
							.targetSessionAttributes(TargetSessionAttributes.PRIMARY)));
	}

	static Stream<Arguments> jdbcUrls() {
		return Stream.of(
				valid("jdbc:postgresql://h:5433/db?user=u&password=p&ssl=true",
						jdbc().host("h", 5433).database("db").username("u").password("p").sslMode(SslMode.VERIFY_FULL)),
				valid("jdbc:postgresql://h/db", jdbc().host("h", 5432).database("db")),
				valid("jdbc:postgresql://h1:5432,h2:5433/db?targetServerType=primary",
						jdbc().host("h1", 5432)
							.host("h2", 5433)
							.database("db")
							.targetSessionAttributes(TargetSessionAttributes.PRIMARY)),
				valid("jdbc:postgresql://h/db?targetServerType=preferSecondary",
						jdbc().host("h", 5432)
							.database("db")
							.targetSessionAttributes(TargetSessionAttributes.PREFER_STANDBY)),
				valid("jdbc:postgresql://h/db?targetServerType=slave",
						jdbc().host("h", 5432).database("db").targetSessionAttributes(TargetSessionAttributes.STANDBY)),
				valid("jdbc:postgresql://h/db?targetServerType=master",
						jdbc().host("h", 5432).database("db").targetSessionAttributes(TargetSessionAttributes.PRIMARY)),
				valid("jdbc:postgresql://h/db?password=a+b%2Bc%26d",
						jdbc().host("h", 5432).database("db").password("a b+c&d")),
				valid("jdbc:postgresql://h/db?ApplicationName=orders&connectTimeout=5&currentSchema=app",
						jdbc().host("h", 5432)
							.database("db")
							.applicationName("orders")
							.connectTimeout(Duration.ofSeconds(5))
							.schema("app")),
				valid("jdbc:postgresql://h/db?sslmode=verify-ca&sslrootcert=/r.crt&sslcert=/c.crt&sslkey=/k.pk8"
						+ "&sslpassword=kp",
						jdbc().host("h", 5432)
							.database("db")
							.sslMode(SslMode.VERIFY_CA)
							.sslRootCert("/r.crt")
							.sslCert("/c.crt")
							.sslKey("/k.pk8")
							.sslPassword("kp")),
				valid("jdbc:postgresql://h/db?ssl=true&sslmode=require",
						jdbc().host("h", 5432).database("db").sslMode(SslMode.REQUIRE)),
				valid("jdbc:postgresql://h/db?ssl=false", jdbc().host("h", 5432).database("db")),
				valid("jdbc:postgresql://[::1]:5433/db", jdbc().host("::1", 5433).database("db")),
				valid("jdbc:postgresql://h/db?options=-c%20search_path=app&channelBinding=require",
						jdbc().host("h", 5432)
							.database("db")
							.option("search_path", "app")
							.channelBinding(ChannelBinding.REQUIRE)),
				valid("jdbc:postgresql://h/my%20db+x", jdbc().host("h", 5432).database("my db x")),
				valid("jdbc:postgresql://h/db?prepareThreshold=0",
						jdbc().host("h", 5432).database("db").statementCacheSize(0)),
				valid("jdbc:postgresql://h/db?prepareThreshold=5", jdbc().host("h", 5432).database("db")),
				valid("jdbc:postgresql://h/db?preparedStatementCacheQueries=256",
						jdbc().host("h", 5432).database("db").statementCacheSize(256)),
				valid("JDBC:PostgreSQL://h/db?user=u", jdbc().host("h", 5432).database("db").username("u")));
	}

	static Stream<Arguments> r2dbcUrls() {
		return Stream.of(
				valid("r2dbc:pool:postgresql://u:p@h/db",
						r2dbc().host("h", 5432).database("db").username("u").password("p")),
				valid("r2dbc:postgresql://u:p@h:5433/db",
						r2dbc().host("h", 5433).database("db").username("u").password("p")),
				valid("r2dbcs:postgresql://u:p@h/db",
						r2dbc().host("h", 5432).database("db").username("u").password("p").sslMode(SslMode.REQUIRE)),
				valid("r2dbcs:postgresql://u:p@h/db?sslMode=verify-full",
						r2dbc().host("h", 5432)
							.database("db")
							.username("u")
							.password("p")
							.sslMode(SslMode.VERIFY_FULL)),
				valid("r2dbcs:pool:postgresql://u:p@h/db",
						r2dbc().host("h", 5432).database("db").username("u").password("p").sslMode(SslMode.REQUIRE)),
				valid("r2dbc:postgresql://u:a+b%2B@h/db",
						r2dbc().host("h", 5432).database("db").username("u").password("a+b+")),
				valid("r2dbc:postgresql://h/db?connectTimeout=PT10S&statementTimeout=30s",
						r2dbc().host("h", 5432)
							.database("db")
							.connectTimeout(Duration.ofSeconds(10))
							.statementTimeout(Duration.ofSeconds(30))),
				valid("r2dbc:postgresql://h/db?connectTimeout=500ms&statementTimeout=2m",
						r2dbc().host("h", 5432)
							.database("db")
							.connectTimeout(Duration.ofMillis(500))
							.statementTimeout(Duration.ofMinutes(2))),
				valid("r2dbc:postgresql://h/db?schema=app&applicationName=orders",
						r2dbc().host("h", 5432).database("db").schema("app").applicationName("orders")),
				valid("r2dbc:postgresql://h/db?preparedStatementCacheQueries=0",
						r2dbc().host("h", 5432).database("db").statementCacheSize(0)),
				valid("r2dbc:postgresql://h/db?options=search_path=app;statement_timeout=5000;",
						r2dbc().host("h", 5432)
							.database("db")
							.option("search_path", "app")
							.option("statement_timeout", "5000")),
				valid("r2dbc:postgresql://h1:5432,h2:5433/db?targetServerType=preferSecondary",
						r2dbc().host("h1", 5432)
							.host("h2", 5433)
							.database("db")
							.targetSessionAttributes(TargetSessionAttributes.PREFER_STANDBY)),
				valid("r2dbc:postgresql://h/db?sslmode=require&sslRootCert=/r.crt&sslCert=/c.crt&sslKey=/k.key"
						+ "&sslPassword=kp",
						r2dbc().host("h", 5432)
							.database("db")
							.sslMode(SslMode.REQUIRE)
							.sslRootCert("/r.crt")
							.sslCert("/c.crt")
							.sslKey("/k.key")
							.sslPassword("kp")),
				valid("r2dbc:postgres://h/db", r2dbc().host("h", 5432).database("db")),
				valid("r2dbc:postgresql://h/db?currentSchema=app",
						r2dbc().host("h", 5432).database("db").schema("app")),
				valid("r2dbc:postgresql://h/db?sslMode=disable",
						r2dbc().host("h", 5432).database("db").sslMode(SslMode.DISABLE)),
				valid("r2dbc:postgresql://[::1]/db?targetServerType=any",
						r2dbc().host("::1", 5432).database("db").targetSessionAttributes(TargetSessionAttributes.ANY)));
	}

	private static Arguments valid(String url, ExpectedUrl expected) {
		return Arguments.of(url, expected);
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@MethodSource("invalidUrls")
	void invalidUrlFailsWithSpecificReasonAndWithoutPassword(String url, String reason) {
		assertThatExceptionOfType(InvalidDatabaseUrlException.class).isThrownBy(() -> DatabaseUrlParser.parse(url))
			.satisfies((ex) -> {
				assertThat(ex.getReason()).contains(reason);
				assertThat(ex.getAction()).isNotBlank();
				assertThat(ex.getMessage()).isEqualTo(ex.getReason() + " (URL: " + ex.getMaskedUrl() + ")");
				assertThat(ex.getMessage()).doesNotContain(SECRET).doesNotContain("Hunter%32");
			});
	}

	static Stream<Arguments> invalidUrls() {
		return Stream.of(invalid("", "The database URL is empty"), invalid(" \t ", "The database URL is empty"),
				invalid("postgresql://u:Hunter2@h/d\nb", "The URL contains the control character U+000A at index 26"),
				invalid("postgresql://u:Hunter2@h/db\u0000", "control character U+0000"),
				invalid("postgresql://u:Hunter2@h/db\r\nHost: evil", "control character U+000D"),
				invalid("mysql://u:Hunter2@h/db", "This is a mysql URL, but Databridge connects only to PostgreSQL"),
				invalid("jdbc:mysql://h/db?user=u&password=Hunter2", "This is a jdbc:mysql URL"),
				invalid("r2dbc:mssql://u:Hunter2@h/db", "This is an r2dbc:mssql URL"),
				invalid("mongodb://u:Hunter2@h/db", "This is a mongodb URL"),
				invalid("redis://:Hunter2@h:6379", "This is a redis URL"),
				invalid("sqlite:///tmp/app.db", "This is a sqlite URL"),
				invalid("sqlite:app.db", "This is a sqlite URL"),
				invalid("jdbc:sqlite:app.db", "This is a jdbc:sqlite URL"),
				invalid("http://u:Hunter2@h/db", "This is an http URL"),
				invalid("u:Hunter2@h/db", "The URL does not start with a scheme followed by '://'"),
				invalid("localhost:5432/db", "The URL does not start with a scheme followed by '://'"),
				invalid("postgresql:/u:Hunter2@h/db", "The URL has no '//' after 'postgresql:'"),
				invalid("postgresqlx://u:Hunter2@h/db",
						"The scheme 'postgresqlx' is not a supported PostgreSQL URL form"),
				invalid("postgresql+foo://u:Hunter2@h/db",
						"The SQLAlchemy driver 'foo' of 'postgresql+foo://' is not known"),
				invalid("postgresql+asyncpg://u:Hunter2@h/db?prepared_statement_name_func=f",
						"Parameter 'prepared_statement_name_func' is a SQLAlchemy dialect setting, "
								+ "not a PostgreSQL connection parameter"),
				invalid("jdbc:postgresql://u:Hunter2@h/db",
						"A JDBC URL cannot carry a user name or password before the host"),
				invalid("jdbc:postgresql:db", "The JDBC URL has no host"),
				invalid("jdbc:postgresql:/", "The JDBC URL has no host"),
				invalid("postgresql://u:Hunter2@/db", "The URL has no host"),
				invalid("r2dbc:postgresql://u:Hunter2@/db", "The URL has no host"),
				invalid("postgresql://u:Hunter2@h1,,h2/db", "The host list 'h1,,h2' contains an empty host"),
				invalid("postgresql://u:Hunter2@h1,/db", "The host list 'h1,' contains an empty host"),
				invalid("postgresql://u:Hunter2@h/db?host=a,,b", "The host list 'a,,b' contains an empty host"),
				invalid("postgresql://u:Hunter2@[::1/db", "The IPv6 address '[::1' has no closing ']'"),
				invalid("postgresql://u:Hunter2@[::1]x/db", "The IPv6 address '[::1]' is followed by 'x'"),
				invalid("postgresql://u:Hunter2@db.example.com:abc/db",
						"Port 'abc' of host 'db.example.com' is not a number between 1 and 65535"),
				invalid("postgresql://u:Hunter2@h:0/db", "Port '0' of host 'h'"),
				invalid("postgresql://u:Hunter2@h:65536/db", "Port '65536' of host 'h'"),
				invalid("postgresql://u:Hunter2@h:/db", "Port '' of host 'h'"),
				invalid("postgresql://u:Hunter2@h/db?port=x", "Port 'x' of host 'h'"),
				invalid("postgresql://u:Hunter2@h/db?host=a,b,c&port=1,2", "The URL names 3 hosts but 2 ports"),
				invalid("postgresql://u:Hunter2@/db?host=/tmp,h2",
						"The Unix socket directory '/tmp' cannot be combined with other hosts"),
				invalid("postgresql://u:Hunter2%zz@h/db", "The password contains the invalid percent escape"),
				invalid("postgresql://u:Hunter2%4@h/db", "The password contains the invalid percent escape"),
				invalid("postgresql://u:Hunter2@h/d%zzb",
						"The database name contains the invalid percent escape '%zz'"),
				invalid("postgresql://u:Hunter2@h/db?application_name=x%4",
						"The value of parameter 'application_name' contains the invalid percent escape '%4'"),
				invalid("postgresql://u@h/db?password=Hunter2%zz",
						"The value of parameter 'password' contains the invalid percent escape"),
				invalid("postgresql://u:Hunter2@h/db%00", "The database name contains %00"),
				invalid("postgresql://u:Hunter2@h/db%FF", "The database name does not decode to valid UTF-8"),
				invalid("postgresql://u:Hunter2@h/db?sslmode=bogus",
						"Value 'bogus' of parameter 'sslmode' is not valid"),
				invalid("postgresql://u:Hunter2@h/db?connect_timeout=abc",
						"Timeout 'abc' of parameter 'connect_timeout' is not a whole number of seconds"),
				invalid("postgresql://u:Hunter2@h/db?connect_timeout=1.5",
						"Timeout '1.5' of parameter 'connect_timeout' is not a whole number of seconds"),
				invalid("postgresql://u:Hunter2@h/db?connect_timeout=0",
						"Timeout '0' of parameter 'connect_timeout' is not positive"),
				invalid("postgresql://u:Hunter2@h/db?connect_timeout=-5",
						"Timeout '-5' of parameter 'connect_timeout' is not positive"),
				invalid("postgresql://u:Hunter2@h/db?foo=bar",
						"Parameter 'foo' is not supported in libpq (postgresql://) URLs"),
				invalid("postgresql://u:Hunter2@h/db?sslmode=require&sslmode=disable",
						"Parameter 'sslmode' appears more than once"),
				invalid("postgresql://u:Hunter2@h/db?sslmode", "The query has a part without '='"),
				invalid("postgresql://u@h/db?password=Hunter2&x",
						"The query has a part without '=' after parameter " + "'password'"),
				invalid("postgresql://u:Hunter2@h/db?=x", "The query has a parameter without a name"),
				invalid("postgresql://u:Hunter2@h/db?application_name=",
						"Parameter 'application_name' has an empty value"),
				invalid("postgresql://u:Hunter2@h/db?options=-x",
						"Parameter 'options' contains '-x', which is not a -c name=value setting"),
				invalid("postgresql://u:Hunter2@h/db?options=-c%20novalue", "contains '-c novalue'"),
				invalid("postgresql://u:Hunter2@h/db?options=endpoint%3D", "contains 'endpoint='"),
				invalid("r2dbc:postgresql://u:Hunter2@h/db?preparedStatementCacheQueries=-2",
						"Value '-2' of parameter 'preparedStatementCacheQueries' is not valid"),
				invalid("jdbc:postgresql://h/db?prepareThreshold=often",
						"Value 'often' of parameter 'prepareThreshold' is not valid"),
				invalid("postgresql://u:Hunter2@h/db?options=-c%20a=1%20-c%20a=2",
						"Parameter 'options' sets 'a' more than once"),
				invalid("postgresql://u:Hunter2@h/db?target_session_attrs=master",
						"Value 'master' of parameter 'target_session_attrs' is not valid"),
				invalid("postgresql://u:Hunter2@h/db?channel_binding=maybe",
						"Value 'maybe' of parameter 'channel_binding' is not valid"),
				invalid("postgresql+asyncpg://u:Hunter2@h/db?ssl=maybe",
						"Value 'maybe' of parameter 'ssl' is not valid"),
				invalid("jdbc:postgresql://h/db?user=u&password=Hunter2&sslMode=require",
						"Parameter 'sslMode' is not supported in JDBC (jdbc:postgresql://) URLs"),
				invalid("jdbc:postgresql://h/db?password=Hunter2&targetServerType=preferPrimary",
						"Value 'preferPrimary' of parameter 'targetServerType' is not valid"),
				invalid("jdbc:postgresql://h/db?password=Hunter2&ssl=yes",
						"Value 'yes' of parameter 'ssl' is not valid"),
				invalid("jdbc:postgresql://h/db?password=Hunter2%zz",
						"The value of parameter 'password' contains the invalid percent escape"),
				invalid("jdbc:postgresql://h/db?password=Hunter2&connectTimeout=0",
						"Timeout '0' of parameter 'connectTimeout' is not positive"),
				invalid("r2dbc:pool:postgresql://u:Hunter2@h/db?maxSize=20",
						"Parameter 'maxSize' is a connection pool setting, not a connection parameter"),
				invalid("r2dbc:pool:postgresql://u:Hunter2@h/db?validationQuery=SELECT%201",
						"Parameter 'validationQuery' is a connection pool setting"),
				invalid("r2dbcs:postgresql://u:Hunter2@h/db?sslMode=disable",
						"An r2dbcs URL requires SSL, but its SSL mode is 'disable'"),
				invalid("r2dbc:postgresql://u:Hunter2@h/db?connectTimeout=10",
						"Duration '10' of parameter 'connectTimeout' has no unit"),
				invalid("r2dbc:postgresql://u:Hunter2@h/db?connectTimeout=ten",
						"Duration 'ten' of parameter 'connectTimeout' is neither ISO-8601 (PT10S) nor a whole number "
								+ "with a unit (10s)"),
				invalid("r2dbc:postgresql://u:Hunter2@h/db?statementTimeout=PT0S",
						"Timeout 'PT0S' of parameter 'statementTimeout' is not positive"),
				invalid("r2dbc:postgresql://u:Hunter2@h/db?options=a",
						"Parameter 'options' contains 'a', which is not a name=value pair"),
				invalid("r2dbc:postgresql://u:Hunter2@h/db?options=a=b=c", "contains 'a=b=c'"),
				invalid("r2dbc:postgresql://u:Hunter2@h/db?sslMode=require&sslmode=verify-full",
						"Parameters 'sslMode' and 'sslmode' set the same option"),
				invalid("r2dbc:postgresql://u@h/db?password=Hunter2",
						"Parameter 'password' is not supported in R2DBC (r2dbc:postgresql://) URLs"));
	}

	private static Arguments invalid(String url, String reason) {
		return Arguments.of(url, reason);
	}

	@Test
	void badPortHasExactReasonActionAndMessage() {
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrlParser.parse("postgresql://app:s3cret@db.example.com:abc/appdb"))
			.satisfies((ex) -> {
				assertThat(ex.getReason())
					.isEqualTo("Port 'abc' of host 'db.example.com' is not a number between 1 and 65535");
				assertThat(ex.getAction())
					.isEqualTo("Use a URL of the form postgresql://user:password@host:5432/database");
				assertThat(ex.getMaskedUrl()).isEqualTo("postgresql://app:****@db.example.com:abc/appdb");
				assertThat(ex.getMessage())
					.isEqualTo("Port 'abc' of host 'db.example.com' is not a number between 1 and 65535 "
							+ "(URL: postgresql://app:****@db.example.com:abc/appdb)");
			});
	}

	@Test
	void urlWithoutHostSuggestsTcpHostAndSocketDirectory() {
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrlParser.parse("postgresql:///db"))
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo("The URL has no host");
				assertThat(ex.getAction()).contains("postgresql://localhost:5432/db")
					.contains("?host=/var/run/postgresql");
			});
	}

	@Test
	void unknownParameterListsSupportedParametersSorted() {
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrlParser.parse("postgresql://h/db?sslmodee=require"))
			.satisfies((ex) -> assertThat(ex.getAction()).isEqualTo("Supported parameters are: application_name, "
					+ "channel_binding, connect_timeout, dbname, host, options, password, port, sslcert, sslkey, "
					+ "sslmode, sslpassword, sslrootcert, target_session_attrs, user"));
	}

	@Test
	void unknownParameterSuggestsTheDialectsSpelling() {
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrlParser.parse("jdbc:postgresql://h/db?application_name=x"))
			.satisfies((ex) -> assertThat(ex.getAction()).startsWith("Did you mean 'ApplicationName'? Supported "
					+ "parameters are: ApplicationName, channelBinding, connectTimeout, currentSchema, options, "
					+ "password, preparedStatementCacheQueries, prepareThreshold, ssl, sslcert, sslkey, sslmode, "
					+ "sslpassword, sslrootcert, targetServerType, user"));
	}

	@Test
	void otherDatabaseListsAcceptedUrlForms() {
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrlParser.parse("jdbc:mysql://h/db"))
			.satisfies((ex) -> assertThat(ex.getAction()).startsWith("Use one of the accepted URL forms: ")
				.contains("postgresql://", "postgresql+asyncpg://", "jdbc:postgresql://", "r2dbc:postgresql://",
						"r2dbcs:pool:postgresql://"));
	}

	@Test
	void unknownSqlAlchemyDriverListsKnownDrivers() {
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrlParser.parse("postgresql+mysqldb://h/db"))
			.satisfies((ex) -> assertThat(ex.getAction())
				.startsWith("Use one of the known drivers aiopg, asyncpg, pg8000, psycopg, psycopg2"));
	}

	@Test
	void invalidSslModeListsValidModes() {
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrlParser.parse("postgresql://h/db?sslmode=on"))
			.satisfies((ex) -> assertThat(ex.getAction())
				.isEqualTo("Use one of: disable, allow, prefer, require, verify-ca, verify-full"));
	}

	@Test
	void poolSettingNamesTheMatchingDatabridgeProperty() {
		assertThat(actionFor("r2dbc:pool:postgresql://h/db?maxSize=5"))
			.isEqualTo("Remove it from the URL; set databridge.pool.size and databridge.pool.max-overflow instead");
		assertThat(actionFor("r2dbc:pool:postgresql://h/db?initialSize=5")).contains("databridge.pool.size instead");
		assertThat(actionFor("r2dbc:pool:postgresql://h/db?minIdle=5")).contains("databridge.pool.size instead");
		assertThat(actionFor("r2dbc:pool:postgresql://h/db?maxIdleTime=PT1M"))
			.contains("databridge.pool.idle-timeout instead");
		assertThat(actionFor("r2dbc:pool:postgresql://h/db?maxLifeTime=PT1H"))
			.contains("databridge.pool.max-lifetime instead");
		assertThat(actionFor("r2dbc:pool:postgresql://h/db?maxAcquireTime=PT5S"))
			.contains("databridge.pool.acquire-timeout instead");
		assertThat(actionFor("r2dbc:pool:postgresql://h/db?poolName=p")).contains("databridge.pool.name instead");
		assertThat(actionFor("r2dbc:pool:postgresql://h/db?registerJmx=true"))
			.isEqualTo("Remove it from the URL; pool settings belong in databridge.pool.*");
	}

	@Test
	void nullUrlIsReportedAsEmpty() {
		assertThatExceptionOfType(InvalidDatabaseUrlException.class).isThrownBy(() -> DatabaseUrlParser.parse(null))
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo("The database URL is empty");
				assertThat(ex.getMaskedUrl()).isEmpty();
			});
	}

	@Test
	void controlCharactersAreEscapedInTheMaskedUrlOfAnException() {
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrlParser.parse("postgresql://u:Hunter2@h/db\r\nX-Injected: 1"))
			.satisfies((ex) -> {
				assertThat(ex.getMaskedUrl()).isEqualTo("postgresql://u:****@h/db\\u000d\\u000aX-Injected: 1");
				assertThat(ex.getMessage()).doesNotContain("\n").doesNotContain("\r");
			});
	}

	@Test
	void passwordWithUnencodedAmpersandIsNeverQuoted() {
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrlParser.parse("jdbc:postgresql://h/db?user=u&password=abc&xyzSecret"))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("xyzSecret").doesNotContain("abc"));
	}

	@Test
	void maskedUrlReplacesUserInfoPassword() {
		DatabaseUrl url = DatabaseUrlParser
			.parse("postgresql://app:s3cr%40t@db.example.com:5432/appdb?sslmode=require");
		assertThat(url.maskedUrl()).isEqualTo("postgresql://app:****@db.example.com:5432/appdb?sslmode=require");
	}

	@Test
	void maskedUrlReplacesPasswordParameters() {
		DatabaseUrl url = DatabaseUrlParser
			.parse("jdbc:postgresql://h/db?user=u&password=Hunter2&sslpassword=KeyPass&sslmode=require");
		assertThat(url.maskedUrl())
			.isEqualTo("jdbc:postgresql://h/db?user=u&password=****&sslpassword=****&sslmode=require");
	}

	@Test
	void maskedUrlOfUrlWithoutPasswordIsTheUrl() {
		String url = "r2dbc:pool:postgresql://u@h:5432/db?sslMode=require";
		assertThat(DatabaseUrlParser.parse(url).maskedUrl()).isEqualTo(url);
	}

	@Test
	void maskedUrlIsTrimmed() {
		assertThat(DatabaseUrlParser.parse("  postgresql://u:p@h/db\n").maskedUrl())
			.isEqualTo("postgresql://u:****@h/db");
	}

	@Test
	void toStringShowsSettingsButNeverPasswords() {
		DatabaseUrl url = DatabaseUrlParser.parse("postgresql://app:Hunter2%21@db:5433/appdb?sslmode=verify-full"
				+ "&sslpassword=KeyPass99&options=-c%20search_path%3Dapp");
		assertThat(url.toString()).isEqualTo("DatabaseUrl[dialect=LIBPQ, hosts=[db:5433], database=appdb, "
				+ "username=app, password=****, sslMode=VERIFY_FULL, sslPassword=****, options={search_path=app}]");
		assertThat(url.toString()).doesNotContain("Hunter2").doesNotContain("KeyPass99");
	}

	@Test
	void toStringOfUnixSocketUrlShowsTheSocket() {
		DatabaseUrl url = DatabaseUrlParser.parse("postgresql:///db?host=/run/pg");
		assertThat(url.toString())
			.isEqualTo("DatabaseUrl[dialect=LIBPQ, unixSocket=/run/pg/.s.PGSQL.5432, database=db]");
	}

	@Test
	void optionsAndHostsAreUnmodifiable() {
		DatabaseUrl url = DatabaseUrlParser.parse("postgresql://h1,h2/db?options=-c%20a%3D1");
		assertThat(url.options()).isUnmodifiable();
		assertThat(url.hosts()).isUnmodifiable();
	}

	@Test
	void urlsWithTheSameSettingsAreEqual() {
		DatabaseUrl first = DatabaseUrlParser.parse("postgresql://u:p@h/db");
		assertThat(first).isEqualTo(DatabaseUrlParser.parse("postgres://u:p@h:5432/db"))
			.hasSameHashCodeAs(DatabaseUrlParser.parse("postgres://u:p@h:5432/db"))
			.isNotEqualTo(DatabaseUrlParser.parse("postgresql://u:other@h/db"));
	}

	@Test
	void tenThousandCharacterPasswordIsParsed() {
		String password = "x@:/".repeat(2500);
		String url = "postgresql://u:" + password + "@h/db";
		DatabaseUrl parsed = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> DatabaseUrlParser.parse(url));
		assertThat(parsed.password()).isEqualTo(password);
		assertThat(parsed.maskedUrl()).isEqualTo("postgresql://u:****@h/db");
	}

	@Test
	void thousandsOfHostsAreParsed() {
		String url = "postgresql://" + "host:5432,".repeat(1000) + "last/db";
		DatabaseUrl parsed = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> DatabaseUrlParser.parse(url));
		assertThat(parsed.hosts()).hasSize(1001).endsWith(new HostAddress("last", 5432));
	}

	@Test
	void tenThousandCharactersOfHostileTextFailQuickly() {
		String url = "postgresql://" + "[:@%?&=,".repeat(1250);
		assertTimeoutPreemptively(Duration.ofSeconds(2),
				() -> assertThatExceptionOfType(InvalidDatabaseUrlException.class)
					.isThrownBy(() -> DatabaseUrlParser.parse(url)));
	}

	@Test
	void randomTextEitherParsesOrFailsWithInvalidDatabaseUrlException() {
		Random random = new Random(2024);
		String[] prefixes = { "postgresql://", "jdbc:postgresql://", "r2dbcs:pool:postgresql://",
				"postgresql+asyncpg://", "" };
		String alphabet = "ab1:/@?&=%[],.+#-5 ";
		for (int i = 0; i < 20000; i++) {
			StringBuilder url = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
			for (int j = random.nextInt(30); j > 0; j--) {
				url.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			try {
				DatabaseUrlParser.parse(url.toString());
			}
			catch (InvalidDatabaseUrlException ex) {
				assertThat(ex.getReason()).as(url.toString()).isNotBlank();
			}
		}
	}

	private static String actionFor(String url) {
		try {
			DatabaseUrlParser.parse(url);
		}
		catch (InvalidDatabaseUrlException ex) {
			return ex.getAction();
		}
		throw new AssertionError("Expected " + url + " to be rejected");
	}

}
