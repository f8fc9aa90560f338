package io.databridge.url;

import java.util.Locale;

/**
 * Spells an enum constant as properties and URLs write it: lower case, with dashes for
 * underscores, such as {@code verify-full} or {@code fail-fast}.
 *
 * @author Databridge team
 */
public final class SettingValue {

	private SettingValue() {
	}

	/**
	 * Returns how properties and URLs write the given constant.
	 * @param constant the constant
	 * @return its spelling, such as {@code verify-full}
	 */
	public static String of(Enum<?> constant) {
		return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
