package io.databridge.sample;

import java.nio.file.Files;
import java.nio.file.Path;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Starts the headless Chromium of Debian's {@code chromium} and {@code chromium-driver}
 * packages for browser tests. Both paths are given to Selenium, so Selenium Manager never
 * looks for, or downloads, a browser or a driver.
 *
 * @author Databridge team
 */
final class Chromium {

	static final Path BROWSER = Path.of("/usr/bin/chromium");

	static final Path DRIVER = Path.of("/usr/bin/chromedriver");

	private Chromium() {
	}

	/**
	 * Skips the calling test when Chromium is not installed; on CI (where {@code CI} is
	 * set) fails it instead, since there its absence is a broken build.
	 */
	static void assumeInstalled() {
		boolean installed = Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
		String missing = "Browser tests need " + BROWSER + " and " + DRIVER
				+ ": apt-get install chromium chromium-driver (Debian packages)";
		if (!installed && System.getenv("CI") != null) {
			fail(missing + "; .ci/run installs them on CI");
		}
		assumeTrue(installed, missing);
	}

	/**
	 * Starts a headless browser with its own profile.
	 * @param profile an empty directory for the browser's profile
	 * @return the driver
	 */
	static ChromeDriver start(Path profile) {
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeOptions options = new ChromeOptions().setBinary(BROWSER.toFile())
			.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
					"--disable-sync", "--window-size=1280,1024", "--user-data-dir=" + profile.toAbsolutePath());
		return new ChromeDriver(service, options);
	}

}
