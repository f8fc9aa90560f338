package io.databridge.url;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Converts decoded parameter values to typed settings.
 *
 * @author Databridge team
 */
final class ParameterValues {

	private static final Map<String, TargetSessionAttributes> SERVER_TYPES = serverTypes();

	private static final Map<String, ChronoUnit> UNITS = Map.of("ns", ChronoUnit.NANOS, "us", ChronoUnit.MICROS, "ms",
			ChronoUnit.MILLIS, "s", ChronoUnit.SECONDS, "m", ChronoUnit.MINUTES, "h", ChronoUnit.HOURS, "d",
			ChronoUnit.DAYS);

	private ParameterValues() {
	}

	static SslMode sslMode(String name, String value) {
		return named(SslMode.class, name, value, "");
	}

	static SslMode asyncpgSsl(String name, String value) {
		if (value.equalsIgnoreCase("true")) {
			return SslMode.REQUIRE;
		}
		if (value.equalsIgnoreCase("false")) {
			return SslMode.DISABLE;
		}
		return named(SslMode.class, name, value, ", true (require), false (disable)");
	}

	static @Nullable SslMode jdbcSsl(String name, String value) {
		if (value.equalsIgnoreCase("true")) {
			return SslMode.VERIFY_FULL;
		}
		if (value.equalsIgnoreCase("false")) {
			return null;
		}
		throw UrlProblems.invalidValue(name, value, "true, false");
	}

	static TargetSessionAttributes targetSessionAttributes(String name, String value) {
		return named(TargetSessionAttributes.class, name, value, "");
	}

	static TargetSessionAttributes targetServerType(String name, String value) {
		return SERVER_TYPES.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().equalsIgnoreCase(value))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElseThrow(() -> UrlProblems.invalidValue(name, value, String.join(", ", SERVER_TYPES.keySet())));
	}

	static ChannelBinding channelBinding(String name, String value) {
		return named(ChannelBinding.class, name, value, "");
	}

	static int statementCacheSize(String name, String value) {
		int size = integer(name, value);
		if (size < -1) {
			throw UrlProblems.invalidValue(name, value, "-1 (unbounded), 0 (unnamed statements) or a positive size");
		}
		return size;
	}

	static int prepareThreshold(String name, String value) {
		return integer(name, value);
	}

	private static int integer(String name, String value) {
		String digits = value.startsWith("-") ? value.substring(1) : value;
		if (digits.isEmpty() || digits.length() > 9 || !isDigits(digits)) {
			throw UrlProblems.invalidValue(name, value, "a whole number");
		}
		return Integer.parseInt(value);
	}

	static Duration seconds(String name, String value) {
		String digits = value.startsWith("-") ? value.substring(1) : value;
		if (digits.isEmpty() || digits.length() > 9 || !isDigits(digits)) {
			throw UrlProblems.notWholeSeconds(name, value);
		}
		long seconds = Long.parseLong(value);
		if (seconds <= 0) {
			throw UrlProblems.notPositive(name, value, name + "=10");
		}
		return Duration.ofSeconds(seconds);
	}

	static Duration duration(String name, String value) {
		Duration duration = (Character.toUpperCase(value.charAt(0)) == 'P') ? isoDuration(name, value)
				: simpleDuration(name, value);
		if (duration.isNegative() || duration.isZero()) {
			throw UrlProblems.notPositive(name, value, name + "=PT10S");
		}
		return duration;
	}

	static List<String> list(String value) {
		return new ArrayList<>(Arrays.asList(value.split(",", -1)));
	}

	static List<String> hostNames(String value) {
		List<String> names = list(value);
		if (names.contains("")) {
			throw UrlProblems.emptyHost(value);
		}
		return names;
	}

	private static Duration isoDuration(String name, String value) {
		try {
			return Duration.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw UrlProblems.badDuration(name, value);
		}
	}

	private static Duration simpleDuration(String name, String value) {
		int digits = 0;
		while (digits < value.length() && isDigits(value.substring(digits, digits + 1))) {
			digits++;
		}
		if (digits == 0 || digits > 9) {
			throw UrlProblems.badDuration(name, value);
		}
		String unit = value.substring(digits).toLowerCase(Locale.ROOT);
		if (unit.isEmpty()) {
			throw UrlProblems.durationWithoutUnit(name, value);
		}
		if (!UNITS.containsKey(unit)) {
			throw UrlProblems.badDuration(name, value);
		}
		return Duration.of(Long.parseLong(value.substring(0, digits)), UNITS.get(unit));
	}

	private static boolean isDigits(String text) {
		return text.chars().allMatch((ch) -> ch >= '0' && ch <= '9');
	}

	private static <E extends Enum<E>> E named(Class<E> type, String name, String value, String extraValues) {
		for (E constant : type.getEnumConstants()) {
			if (SettingValue.of(constant).equalsIgnoreCase(value)) {
				return constant;
			}
		}
		String valid = Arrays.stream(type.getEnumConstants()).map(SettingValue::of).collect(Collectors.joining(", "));
		throw UrlProblems.invalidValue(name, value, valid + extraValues);
	}

	private static Map<String, TargetSessionAttributes> serverTypes() {
		Map<String, TargetSessionAttributes> types = new LinkedHashMap<>();
		types.put("any", TargetSessionAttributes.ANY);
		types.put("primary", TargetSessionAttributes.PRIMARY);
		types.put("master", TargetSessionAttributes.PRIMARY);
		types.put("secondary", TargetSessionAttributes.STANDBY);
		types.put("standby", TargetSessionAttributes.STANDBY);
		types.put("slave", TargetSessionAttributes.STANDBY);
		types.put("preferSecondary", TargetSessionAttributes.PREFER_STANDBY);
		types.put("preferStandby", TargetSessionAttributes.PREFER_STANDBY);
		types.put("preferSlave", TargetSessionAttributes.PREFER_STANDBY);
		return types;
	}

}
