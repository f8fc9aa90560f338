package io.databridge.sample;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens the live page in a real headless Chromium, fires a burst and watches the pool
 * breathe: every connection in use, callers queueing, the counters moving, then back to
 * idle.
 *
 * @author Databridge team
 */
@SampleApplicationTest
class LivePageBrowserTests {

	@LocalServerPort
	int port;

	@TempDir
	Path profile;

	private ChromeDriver browser;

	@BeforeEach
	void openBrowser() {
		Chromium.assumeInstalled();
		this.browser = Chromium.start(this.profile);
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void pageShowsThePoolAndABurstMakesItBreathe() throws InterruptedException {
		this.browser.get("http://localhost:" + this.port + "/");
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(30));
		wait.until((page) -> text(page, "health").equals("UP"));
		assertThat(this.browser.getTitle()).isEqualTo("Databridge pool, live");
		assertThat(text(this.browser, "pool-name")).isEqualTo("databridge");
		assertThat(text(this.browser, "size")).isEqualTo("5");
		assertThat(text(this.browser, "max")).isEqualTo("10");
		assertThat(text(this.browser, "p99")).matches("\\d+\\.\\d{2}");
		long acquisitionsBefore = number(this.browser, "acquisitions");
		long queriesBefore = number(this.browser, "queries");
		this.browser.findElement(By.id("burst")).click();
		long peakActive = 0;
		long peakPending = 0;
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (!text(this.browser, "burst-result").contains("succeeded") && System.nanoTime() < deadline) {
			peakActive = Math.max(peakActive, number(this.browser, "active"));
			peakPending = Math.max(peakPending, number(this.browser, "pending"));
			Thread.sleep(50);
		}
		assertThat(text(this.browser, "burst-result"))
			.matches("500 queries, 50 at a time: 500 succeeded, " + "0 failed in \\d+ ms");
		assertThat(peakActive).isEqualTo(10);
		assertThat(peakPending).isBetween(1L, 50L);
		wait.until((page) -> number(page, "acquisitions") >= acquisitionsBefore + 500);
		wait.until((page) -> number(page, "queries") >= queriesBefore + 500);
		wait.until((page) -> number(page, "active") == 0 && number(page, "pending") == 0);
		assertThat(this.browser.findElement(By.id("spark-active")).getAttribute("points")).isNotBlank();
		assertThat(this.browser.findElement(By.id("error")).isDisplayed()).isFalse();
	}

	private static String text(WebDriver page, String id) {
		return page.findElement(By.id(id)).getText();
	}

	private static long number(WebDriver page, String id) {
		return Long.parseLong(text(page, id));
	}

}
