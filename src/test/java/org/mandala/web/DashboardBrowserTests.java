package org.mandala.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The dashboard in a real browser: headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, which {@code .ci/run} installs) against the app with the sample facts.
 * On failure a screenshot is kept under {@code target/screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:browser;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "mandala.security.keys[0].name=browser-analyst", "mandala.security.keys[0].role=ANALYST",
        "mandala.security.keys[0].sha256=30ea7a2583485ab7076ecc7550ce57f7149abd020962fd85c56298df81ee9e10",
        "mandala.security.keys[1].name=browser-policy", "mandala.security.keys[1].role=POLICY",
        "mandala.security.keys[1].sha256=7413aa65d204497dbb6ddca18234044af9da5109a449834db0a420abb6ba314d"})
class DashboardBrowserTests {
    static final String CHROMIUM = System.getProperty("mandala.chromium", "/usr/bin/chromium");
    static final String DRIVER = System.getProperty("mandala.chromedriver", "/usr/bin/chromedriver");
    static WebDriver driver;
    static boolean rejectedKeyOnPurpose;
    static boolean badLinkOnPurpose;
    static Path profile;

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @RegisterExtension
    final TestWatcher screenshots = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (driver != null) {
                try {
                    Path dir = Files.createDirectories(Path.of("target", "screenshots"));
                    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
                    Files.copy(shot.toPath(), dir.resolve(context.getDisplayName().replaceAll("\\W+", "_") + ".png"),
                            StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException | RuntimeException e) {
                    // the failure itself is what matters; a missing screenshot must not hide it
                }
            }
        }
    };

    @BeforeAll
    static void startBrowser() throws IOException {
        assertThat(new File(CHROMIUM)).as("Chromium at " + CHROMIUM + ": install Debian's chromium and chromium-driver (.ci/run does)").exists();
        assertThat(new File(DRIVER)).as("ChromeDriver at " + DRIVER + ": install Debian's chromium-driver (.ci/run does)").exists();
        profile = Files.createTempDirectory("mandala-chromium-");
        driver = chromium(profile);
        driver.manage().window().setSize(new Dimension(1280, 1000));
    }

    /** Headless Chromium with its own profile directory, keeping the browser console for the checks on it. */
    static ChromeDriver chromium(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @BeforeEach
    void clearKey(TestInfo info) {
        driver.get(url("/?asOf=2023-09-30"));
        ((JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
    }

    @AfterEach
    void noErrorsInTheConsole() {
        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                // an upload refused on purpose shows as a failed request; that is the test, not a page error
                .filter(e -> !e.getMessage().contains("/api/indicators"))
                // so is the 401 that answers a wrong key on purpose
                .filter(e -> !(rejectedKeyOnPurpose && e.getMessage().contains("status of 401")))
                // the first answers are asked for before the page knows the link's focus names no state
                .filter(e -> !(badLinkOnPurpose && e.getMessage().contains("status of 400")))
                .toList();
        rejectedKeyOnPurpose = false;
        badLinkOnPurpose = false;
        assertThat(errors).as("errors in the browser console").isEmpty();
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    WebDriverWait waitUp() {
        return new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    /** Types the ANALYST key into the page's key box and waits until the page says who is signed in. */
    void signInAsAnalyst() {
        driver.findElement(By.id("key")).sendKeys("analyst-test-key");
        driver.findElement(By.id("apply")).click();
        waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "browser-analyst"));
    }

    List<WebElement> threats() {
        return waitUp().until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#threats li button"), 0))
                .stream().toList();
    }

    @Test
    void threatsAreFilteredByKindUnderTheLabelsOfTheKindsTable() {
        driver.get(url("/?asOf=2023-09-30"));
        int all = threats().size();
        org.openqa.selenium.support.ui.Select kinds = new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("kind-filter")));
        assertThat(kinds.getOptions()).extracting(WebElement::getText).contains("All kinds (" + all + ")")
                .anySatisfy(o -> assertThat(o).startsWith("Hostile axis ("));
        kinds.selectByValue("HOSTILE_AXIS");
        new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(5))
                .until(d -> threats().size() < all);
        // one group is left, the hostile axes, and each threat in it is named as one
        List<WebElement> groups = driver.findElements(By.cssSelector("#threats details.group"));
        assertThat(groups).hasSize(1).allSatisfy(g -> {
            assertThat(g.getAttribute("data-kind")).isEqualTo("HOSTILE_AXIS");
            assertThat(g.findElement(By.tagName("summary")).getText()).contains("Hostile axis");
        });
        assertThat(threats()).isNotEmpty().allSatisfy(t -> assertThat(t.getAttribute("aria-label")).startsWith("Hostile axis:"));
        assertThat(driver.getCurrentUrl()).as("the kind is in the URL").contains("kind=HOSTILE_AXIS");
        kinds.selectByValue("");
        new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(5)).until(d -> threats().size() == all);
        assertThat(driver.getCurrentUrl()).doesNotContain("kind=");
    }

    @Test
    void theThreatsOfTheSampleAreListedMostSevereFirstAndOneOpensItsExplanation() {
        driver.get(url("/?asOf=2023-09-30"));
        List<WebElement> threats = threats();
        assertThat(threats.get(0).getText()).contains("HIGH");
        assertThat(driver.findElement(By.id("threats")).getText()).contains("Adversary armament", "China", "Pakistan");
        assertThat(driver.findElement(By.id("autonomy")).getText()).contains("ELEVATED", "confidence");

        WebElement arms = threats.stream().filter(t -> t.getAttribute("aria-label").startsWith("Adversary armament: China and Pakistan"))
                .findFirst().orElseThrow();
        assertThat(arms.findElement(By.cssSelector(".state[title=CHN]")).getText()).as("a name, its code on hover").isEqualTo("China");
        arms.click();
        WebElement explanation = waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.id("explanation")));
        waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("explanation-body"), "Contribution"));
        assertThat(explanation.getText()).contains("Arms supplied to an adversary of the focus arm it", "ARMS_TRANSFER", "Confidence");
        List<WebElement> links = explanation.findElements(By.cssSelector("a[href^='http']"));
        assertThat(links).as("sources as links").isNotEmpty().allSatisfy(a -> {
            assertThat(a.getAttribute("title")).as("the whole URL on hover").isEqualTo(a.getDomAttribute("href"));
            assertThat(a.getText()).as("the publisher's host, not the URL").doesNotContain("/").doesNotStartWith("www.");
        });
        assertThat(driver.getCurrentUrl()).as("the view is in the URL").contains("explain=");
    }

    @Test
    void changingAsOfChangesTheContentAndTheUrl() {
        driver.get(url("/?asOf=2023-09-30"));
        threats();
        String september = driver.findElement(By.id("autonomy")).getText();
        WebElement asOf = driver.findElement(By.id("asOf"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = '2022-01-31'; arguments[0].dispatchEvent(new Event('change'))", asOf);
        waitUp().until(d -> !d.findElement(By.id("autonomy")).getText().equals(september));
        assertThat(driver.findElement(By.id("autonomy")).getText()).isNotEqualTo(september);
        assertThat(driver.getCurrentUrl()).contains("asOf=2022-01-31");
        assertThat(driver.findElement(By.id("threats")).getText()).doesNotContain("China–North Korea–Russia");
    }

    @Test
    void aBadCsvUploadShowsEachErrorAgainstItsLine() {
        driver.get(url("/?asOf=2023-09-30&tab=upload"));
        signInAsAnalyst();
        driver.findElement(By.id("tab-upload")).click();
        WebElement text = driver.findElement(By.id("upload-text"));
        text.sendKeys("date,type,actor,target,grade\n2023-09-13,SUMMIT_MEETING,RUS,PRK,A1\n2023-13-01,SUMMIT_MEETING,RUS,PRK,A1\n"
                + "2023-09-14,summit_meeting,RUS,PRK,Z9\n");
        driver.findElement(By.cssSelector("#upload button[type=submit]")).click();
        WebElement errors = waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.id("upload-errors")));
        String table = errors.getText();
        assertThat(table).contains("Line", "Column", "Problem");
        assertThat(errors.findElements(By.cssSelector("tbody tr"))).hasSizeGreaterThanOrEqualTo(3);
        assertThat(table).contains("3 date", "4 type", "4 grade");
        assertThat(driver.findElement(By.id("upload-result")).getText()).containsIgnoringCase("nothing was stored");
    }

    @Test
    void aPolicyKeyShowsTheRulesPageWithVersionsStatusAndAnImpactPreview() {
        driver.get(url("/?asOf=2023-09-30"));
        threats();
        assertThat(driver.findElement(By.id("tab-rules")).isDisplayed()).as("no rules page without a POLICY key").isFalse();
        driver.findElement(By.id("key")).sendKeys("policy-test-key");
        driver.findElement(By.id("apply")).click();
        waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.id("tab-rules"))).click();
        waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("rules-status"), "Active version"));
        assertThat(driver.findElements(By.cssSelector("#versions tbody tr"))).isNotEmpty();
        WebElement text = waitUp().until(d -> {
            WebElement t = d.findElement(By.id("rule-text"));
            return t.getAttribute("value").contains("Alignment STRONG from 45,STRONG,45,") ? t : null;
        });
        String changed = text.getAttribute("value").replace("Alignment STRONG from 45,STRONG,45,", "Alignment STRONG from 45,STRONG,35,");
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1]", text, changed);
        driver.findElement(By.cssSelector("#preview button[type=submit]")).click();
        waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("preview-result"), "Nothing was activated"));
        assertThat(driver.findElement(By.id("preview-result")).getText()).containsPattern("changes A\\.[A-Z]{3}-[A-Z]{3} .* alignment MODERATE \\(3[5-9]\\.\\d\\) .* alignment STRONG");
    }

    @Test
    void everyControlIsReachableByKeyboardAndLabelled() {
        driver.get(url("/?asOf=2023-09-30"));
        threats();
        for (WebElement input : driver.findElements(By.cssSelector("input, select, textarea"))) {
            String id = input.getAttribute("id");
            boolean labelled = !driver.findElements(By.xpath("//label[.//*[@id='" + id + "'] or @for='" + id + "']")).isEmpty()
                    || input.findElements(By.xpath("ancestor::label")).size() > 0 || input.getAttribute("aria-label") != null;
            assertThat(labelled).as("a label for " + input.getAttribute("name")).isTrue();
        }
        // Tab from the start reaches the focus picker, and arrow keys move between the views
        driver.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        driver.switchTo().activeElement().sendKeys(Keys.TAB);
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("focus");
        driver.findElement(By.id("tab-overview")).sendKeys(Keys.ARROW_RIGHT);
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("tab-network");
        assertThat(driver.findElement(By.id("view-network")).isDisplayed()).isTrue();
    }

    @Test
    void anIdlePagePollsOnlyTheAssessmentAndTheAlertsAndGetsNotModified() {
        driver.get(url("/?asOf=2023-09-30&poll=1000"));
        threats();
        JavascriptExecutor js = (JavascriptExecutor) driver;
        // the page has loaded once the trend (from the history) is drawn; from then on it is idle
        waitUp().until(d -> (Boolean) js.executeScript("return document.getElementById('trend-text').textContent.length > 0"));
        js.executeScript("performance.clearResourceTimings(); performance.setResourceTimingBufferSize(1000);");
        long cleared = System.nanoTime();
        // wait for four polls of the assessment, or stop at the first request that is no poll (of the assessment or the alerts)
        List<Map<String, Object>> requests = waitUp().until(d -> {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> seen = (List<Map<String, Object>>) js.executeScript(
                    "return performance.getEntriesByType('resource').map(e => ({name: e.name, status: e.responseStatus}));");
            boolean stray = seen.stream().anyMatch(r -> !isPoll((String) r.get("name")));
            long assessments = seen.stream().filter(r -> ((String) r.get("name")).contains("/api/assessment?")).count();
            return assessments >= 4 || stray ? seen : null;
        });
        Duration took = Duration.ofNanos(System.nanoTime() - cleared);
        assertThat(took).as("four polls of an idle page polling every second are a second apart").isGreaterThan(Duration.ofMillis(2500));
        assertThat(requests).as("requests of an idle page, polling every second: the assessment and the alerts, each once a poll")
                .allSatisfy(r -> {
                    assertThat(isPoll((String) r.get("name"))).as((String) r.get("name")).isTrue();
                    assertThat(((Number) r.get("status")).intValue()).isEqualTo(304);
                });
        long alerts = requests.stream().filter(r -> ((String) r.get("name")).contains("/api/alerts?")).count();
        long assessments = requests.size() - alerts;
        assertThat(alerts).as("the alerts are polled no more often than the assessment").isLessThanOrEqualTo(assessments);
    }

    static boolean isPoll(String url) {
        return url.contains("/api/assessment?") || url.contains("/api/alerts?");
    }

    @Test
    void aRejectedKeyIsDroppedAndThePageGoesOnWithoutIt() {
        rejectedKeyOnPurpose = true;
        driver.get(url("/?asOf=2023-09-30"));
        threats();
        driver.findElement(By.id("key")).sendKeys("not-a-key");
        driver.findElement(By.id("apply")).click();
        waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("key-status"), "rejected"));
        driver.navigate().refresh();
        assertThat(threats()).isNotEmpty();
        assertThat(driver.findElement(By.id("focus")).getAttribute("value")).isEqualTo("IND");
    }

    @Test
    void onAPhoneWidthTheThreatsStillFitTheScreen() {
        driver.manage().window().setSize(new Dimension(390, 844));
        try {
            driver.get(url("/?asOf=2023-09-30"));
            threats();
            Long overflow = (Long) ((JavascriptExecutor) driver).executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            String wide = (String) ((JavascriptExecutor) driver).executeScript("const w = document.documentElement.clientWidth;"
                    + " return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 0.5)"
                    + ".slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ');");
            assertThat(overflow).as("horizontal overflow in px, from " + wide).isLessThanOrEqualTo(0L);
            assertThat(driver.findElement(By.id("threats")).isDisplayed()).isTrue();
            threats().get(0).click();
            WebElement close = waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.id("close-explanation")));
            Long right = (Long) ((JavascriptExecutor) driver).executeScript(
                    "return Math.round(arguments[0].getBoundingClientRect().right) - document.documentElement.clientWidth;", close);
            assertThat(right).as("the explanation's Close button is on screen").isLessThanOrEqualTo(0L);
            waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("explanation-title"), "Why: "));
            keepScreenshot("side-panel-390");
        } finally {
            driver.manage().window().setSize(new Dimension(1280, 1000));
        }
    }

    @Test
    void aSourceThatIsNoUrlIsShownAsTextAndTheListStillRenders() throws Exception {
        // dated after the sample, so no assessment of the other tests changes; the newest, so listed first
        String csv = "date,type,actor,target,grade,source,summary\n"
                + "2031-01-01,SUMMIT_MEETING,RUS,PRK,C3,http://,A source of just a scheme\n";
        java.net.http.HttpResponse<String> stored = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(url("/api/indicators"))).header("Authorization", "Bearer analyst-test-key")
                .header("Content-Type", "text/csv").POST(java.net.http.HttpRequest.BodyPublishers.ofString(csv)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(stored.statusCode()).as(stored.body()).isIn(200, 201);
        // the list stops at the page's date unless "To" says otherwise
        driver.get(url("/?asOf=2023-09-30&tab=indicators&ito=2031-12-31"));
        WebElement row = waitUp().until(d -> d.findElements(By.cssSelector("#indicators tbody tr")).stream()
                .filter(r -> r.getText().contains("A source of just a scheme")).findFirst().orElse(null));
        assertThat(row.findElements(By.cssSelector("td")).get(6).getText()).isEqualTo("http://");
        assertThat(row.findElements(By.cssSelector("a"))).as("no link for what is no URL").isEmpty();
        assertThat(driver.findElements(By.cssSelector("#indicators tbody tr"))).hasSizeGreaterThan(1);
    }

    @Test
    void withoutAPolicyKeyThePageAsksForNoRulesEvenWhenTheUrlNamesTheRulesPage() {
        driver.get(url("/?asOf=2023-09-30&tab=rules"));
        threats();
        JavascriptExecutor js = (JavascriptExecutor) driver;
        waitUp().until(d -> (Boolean) js.executeScript("return document.getElementById('trend-text').textContent.length > 0"));
        assertThat(driver.findElement(By.id("view-overview")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("tab-rules")).isDisplayed()).isFalse();
        assertThat(driver.findElement(By.id("error")).isDisplayed()).isFalse();
        @SuppressWarnings("unchecked")
        List<String> requests = (List<String>) js.executeScript("return performance.getEntriesByType('resource').map(e => e.name);");
        assertThat(requests).noneMatch(r -> r.contains("/api/rules") || r.contains("/api/decisions"));
    }

    @Test
    void theChartsAndTheirTooltipsWorkUnderTheContentSecurityPolicy() {
        driver.get(url("/?asOf=2023-09-30"));
        threats();
        JavascriptExecutor js = (JavascriptExecutor) driver;
        waitUp().until(d -> (Boolean) js.executeScript("return document.getElementById('trend-text').textContent.length > 0"));
        WebElement trend = waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#trend canvas")));
        new org.openqa.selenium.interactions.Actions(driver).moveToElement(trend, 40, 0).moveByOffset(10, 0).perform();
        // ECharts draws its tooltip as HTML with style attributes: the marker's colour is one
        WebElement tip = waitUp().until(d -> d.findElements(By.cssSelector("#trend div")).stream()
                .filter(e -> e.getText().contains("autonomy risk") && e.isDisplayed()).findFirst().orElse(null));
        assertThat(tip.findElements(By.cssSelector("span[style*='background-color']"))).isNotEmpty();
        String colour = (String) js.executeScript("const s = arguments[0].querySelector(\"span[style*='background-color']\");"
                + " return getComputedStyle(s).backgroundColor;", tip);
        assertThat(colour).as("the marker's inline colour applies").isEqualTo("rgb(163, 0, 27)");
    }

    @Test
    void theNetworkAndTheIndicatorListShowTheSample() {
        driver.get(url("/?asOf=2023-09-30&tab=network"));
        waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("alignments"), "North Korea–Russia"));
        assertThat(driver.findElements(By.cssSelector("#alignments .state[title=PRK]"))).as("the code on hover").isNotEmpty();
        assertThat(driver.findElements(By.cssSelector("#network canvas"))).isNotEmpty();
        driver.findElement(By.id("tab-indicators")).click();
        waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("indicator-count"), "indicators"));
        WebElement actor = driver.findElement(By.cssSelector("#filters input[name=actor]"));
        actor.sendKeys("PRK");
        driver.findElement(By.cssSelector("#filters button")).click();
        waitUp().ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElements(By.cssSelector("#indicators tbody tr")).stream().allMatch(r -> r.getText().contains("North Korea")));
        assertThat(driver.findElements(By.cssSelector("#indicators tbody tr"))).isNotEmpty();
    }

    /** The names of the states the network draws, read from the chart. */
    @SuppressWarnings("unchecked")
    List<String> networkStates() {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(
                "return echarts.getInstanceByDom(document.getElementById('network')).getOption().series[0].data.map(n => n.name);");
    }

    /** Waits until the network has drawn the assessment (its chart and the table's count). */
    void awaitNetwork() {
        waitUp().until(d -> (Boolean) ((JavascriptExecutor) d).executeScript("const e = document.getElementById('network');"
                + " const c = window.echarts && echarts.getInstanceByDom(e); return !!c && c.getOption().series[0].data.length > 0"
                + " && document.getElementById('alignment-count').textContent.length > 0;"));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> assessment() {
        return (Map<String, Object>) ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " fetch('/api/assessment?focus=IND&asOf=2023-09-30').then(r => r.json()).then(done);");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theNetworkShowsTheFocusNeighbourhoodWithItsHostilitiesAndTheWholeNetworkAboveAThreshold() {
        driver.get(url("/?asOf=2023-09-30&tab=network"));
        awaitNetwork();
        JavascriptExecutor js = (JavascriptExecutor) driver;
        Map<String, Object> a = assessment();
        List<String> neighbourhood = networkStates();
        assertThat(neighbourhood).as("the focus, its partners and its adversaries").contains("IND")
                .containsAll((List<String>) a.get("partners")).containsAll((List<String>) a.get("adversaries"));
        // hostility edges are drawn in their own colour and style, and the legend says which in words
        List<Map<String, Object>> hostile = (List<Map<String, Object>>) js.executeScript("return echarts.getInstanceByDom("
                + "document.getElementById('network')).getOption().series[0].links.filter(l => l.lineStyle.type === 'dotted')"
                + ".map(l => ({ source: l.source, target: l.target, colour: l.lineStyle.color }));");
        assertThat(hostile).as("hostility edges").isNotEmpty()
                .anySatisfy(l -> assertThat(List.of(l.get("source"), l.get("target"))).contains("IND", "CHN"));
        assertThat(driver.findElement(By.id("network-legend")).getText()).contains("red dotted lines: hostility");
        assertThat(driver.findElement(By.id("network")).getAttribute("role")).isEqualTo("img");
        assertThat(driver.findElement(By.id("network-text")).getAttribute("textContent")).contains("Pakistan").contains("United States");
        // the whole network, STRONG or above: only the states with such an alignment, in the URL too
        driver.findElement(By.cssSelector("#net-controls input[value=all]")).click();
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("net-level"))).selectByValue("STRONG");
        waitUp().until(ExpectedConditions.urlContains("netLevel=STRONG"));
        assertThat(driver.getCurrentUrl()).contains("net=all");
        List<String> strong = networkStates();
        assertThat(strong).as("the whole network at STRONG").isNotEqualTo(neighbourhood).contains("IND", "RUS", "PRK").doesNotContain("SAU");
        assertThat(driver.findElements(By.cssSelector("#alignments tbody tr td:nth-child(2)"))).isNotEmpty()
                .allSatisfy(td -> assertThat(td.getText()).isIn("STRONG", "ALLIANCE"));
        // the same view from the link
        driver.navigate().refresh();
        awaitNetwork();
        assertThat(networkStates()).containsExactlyInAnyOrderElementsOf(strong);
        assertThat(driver.findElement(By.cssSelector("#net-controls input[value=all]")).isSelected()).isTrue();
        // a click on a state opens its explanation
        Map<String, Object> at = (Map<String, Object>) js.executeScript("const c = echarts.getInstanceByDom(document.getElementById('network'));"
                + " const n = c.getOption().series[0].data.find(d => d.name === 'USA'); const p = c.convertToPixel({ seriesIndex: 0 }, [n.x, n.y]);"
                + " const r = document.getElementById('network').getBoundingClientRect(); return { x: p[0] - r.width / 2, y: p[1] - r.height / 2 };");
        new org.openqa.selenium.interactions.Actions(driver).moveToElement(driver.findElement(By.id("network")),
                ((Number) at.get("x")).intValue(), ((Number) at.get("y")).intValue()).click().perform();
        waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("explanation-title"), "Why: "));
        assertThat(driver.findElement(By.id("explanation-title")).getText()).contains("United States");
    }

    @Test
    void theAlignmentTableSortsSearchesCountsAndDownloadsTheRowsShown() {
        driver.get(url("/?asOf=2023-09-30&tab=network"));
        awaitNetwork();
        WebElement scoreHeader = driver.findElement(By.cssSelector("#alignments th[data-sort=score]"));
        assertThat(scoreHeader.getAttribute("aria-sort")).as("the strongest first at first").isEqualTo("descending");
        assertThat(scores()).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        scoreHeader.findElement(By.tagName("button")).click();
        assertThat(scoreHeader.getAttribute("aria-sort")).isEqualTo("ascending");
        assertThat(scores()).hasSizeGreaterThan(1).isSorted();
        assertThat(driver.getCurrentUrl()).contains("netSort=score");
        driver.findElement(By.cssSelector("#alignments th[data-sort=pair] button")).click();
        assertThat(driver.findElement(By.cssSelector("#alignments th[data-sort=pair]")).getAttribute("aria-sort")).isEqualTo("ascending");
        assertThat(scoreHeader.getAttribute("aria-sort")).isNull();
        List<String> pairs = driver.findElements(By.cssSelector("#alignments tbody td:first-child")).stream().map(WebElement::getText).toList();
        assertThat(pairs).isSortedAccordingTo(java.text.Collator.getInstance(java.util.Locale.ENGLISH));
        int all = pairs.size();
        assertThat(driver.findElement(By.id("alignment-count")).getText()).startsWith(all + " of ");
        // a search by a code in any case finds the pairs by name
        driver.findElement(By.id("net-search")).sendKeys("pak");
        waitUp().until(d -> d.findElements(By.cssSelector("#alignments tbody tr")).size() < all);
        List<WebElement> rows = driver.findElements(By.cssSelector("#alignments tbody tr"));
        assertThat(rows).isNotEmpty().allSatisfy(r -> assertThat(r.getText()).contains("Pakistan"));
        assertThat(driver.findElement(By.id("alignment-count")).getText()).startsWith(rows.size() + " of ").contains("\"pak\"");
        assertThat(driver.getCurrentUrl()).contains("netQ=pak");
        WebElement csv = driver.findElement(By.id("alignments-csv"));
        assertThat(csv.isDisplayed()).isTrue();
        assertThat(csv.getAttribute("href")).as("the rows shown, made in the page").startsWith("blob:");
        assertThat(csv.getAttribute("download")).isEqualTo("alignments-IND-2023-09-30.csv");
        // each pair opens its explanation; closing it comes back to the pair
        WebElement pair = rows.get(0).findElement(By.cssSelector("button[data-explain]"));
        String id = pair.getAttribute("data-explain");
        pair.click();
        waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("explanation-title"), "Why: "));
        driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.id("view-network")));
        assertThat(driver.switchTo().activeElement().getAttribute("data-explain")).isEqualTo(id);
        assertThat(driver.findElement(By.id("net-search")).getAttribute("value")).isEqualTo("pak");
    }

    List<Double> scores() {
        return driver.findElements(By.cssSelector("#alignments tbody td:nth-child(3)")).stream().map(e -> Double.valueOf(e.getText())).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theMapColoursEachStateByItsRoleForTheFocusAndDrawsTheArmsFlows() {
        driver.get(url("/?asOf=2023-09-30&tab=network"));
        JavascriptExecutor js = (JavascriptExecutor) driver;
        waitUp().until(d -> (Boolean) js.executeScript("const c = window.echarts && echarts.getInstanceByDom(document.getElementById('map'));"
                + " return !!c && c.getOption().series[0].data.length > 0;"));
        Map<String, String> colour = (Map<String, String>) js.executeScript("const o = echarts.getInstanceByDom(document.getElementById('map')).getOption();"
                + " return Object.fromEntries(o.geo[0].regions.filter(r => r.itemStyle).map(r => [r.name, r.itemStyle.areaColor]));");
        String legend = driver.findElement(By.id("map-legend")).getText();
        assertThat(legend).contains("focus", "partner", "adversary", "member of an axis with an adversary", "partner it balances between", "arms transfers");
        assertThat(colour.get("PAK")).as("an adversary").isEqualTo(colour.get("CHN")).isNotEqualTo(colour.get("IND")).isNotNull();
        assertThat(colour.get("IND")).as("the focus").isNotEqualTo(colour.get("SAU")).isNotNull();
        assertThat(colour.get("IRN")).as("an axis member").isNotNull().isNotEqualTo(colour.get("SAU")).isNotEqualTo(colour.get("PAK"));
        assertThat(colour.get("RUS")).as("a partner it balances between").isEqualTo(colour.get("USA")).isNotEqualTo(colour.get("SAU"));
        assertThat(colour).doesNotContainKey("BRA");
        // the arms flow from Russia to India is an arrow from Russia's outline to India's, with its tooltip
        Long index = (Long) js.executeScript("const c = echarts.getInstanceByDom(document.getElementById('map'));"
                + " return c.getOption().series[0].data.findIndex(l => l.flow.from === 'RUS' && l.flow.to === 'IND');");
        assertThat(index).isNotNegative();
        js.executeScript("echarts.getInstanceByDom(document.getElementById('map')).dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: arguments[0] });", index);
        waitUp().until(d -> d.findElements(By.cssSelector("#map div")).stream()
                .anyMatch(e -> e.isDisplayed() && e.getText().matches("Russia → India: arms transfers, \\d+ indicators?, weight \\d+\\.\\d")));
        // the flows as text: the heaviest first
        List<WebElement> first = driver.findElements(By.cssSelector("#flows tbody tr:first-child td"));
        assertThat(first.get(0).getText() + " → " + first.get(1).getText()).isEqualTo("Russia → India");
        assertThat(driver.findElement(By.id("map")).getAttribute("role")).isEqualTo("img");
        assertThat(driver.findElement(By.id("map-actions")).getText()).contains("Save the map as PNG");
        @SuppressWarnings("unchecked")
        List<String> requests = (List<String>) js.executeScript("return performance.getEntriesByType('resource').map(e => e.name);");
        assertThat(requests).as("the outlines are loaded once, from the jar").filteredOn(r -> r.contains("world.geo.json")).hasSize(1);
    }

    @Test
    void theNetworkTabWorksByKeyboardAlone() {
        driver.get(url("/?asOf=2023-09-30"));
        threats();
        driver.findElement(By.id("tab-overview")).sendKeys(Keys.ARROW_RIGHT);
        awaitNetwork();
        // Tab from the tab reaches the view's controls in order: the choice of view, the threshold, the search
        driver.switchTo().activeElement().sendKeys(Keys.TAB);
        WebElement radio = driver.switchTo().activeElement();
        assertThat(radio.getAttribute("name")).isEqualTo("net");
        radio.sendKeys(Keys.ARROW_DOWN);
        waitUp().until(ExpectedConditions.urlContains("net=all"));
        driver.switchTo().activeElement().sendKeys(Keys.TAB);
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("net-level");
        driver.switchTo().activeElement().sendKeys(Keys.ARROW_DOWN);
        waitUp().until(ExpectedConditions.urlContains("netLevel=STRONG"));
        WebElement active = driver.switchTo().activeElement();
        for (int i = 0; i < 5 && !"net-search".equals(active.getAttribute("id")); i++) {
            active.sendKeys(Keys.TAB);
            active = driver.switchTo().activeElement();
        }
        assertThat(active.getAttribute("id")).isEqualTo("net-search");
        active.sendKeys("russia");
        for (int i = 0; i < 6 && !"sort".equals(active.getAttribute("class")); i++) {
            active.sendKeys(Keys.TAB);
            active = driver.switchTo().activeElement();
        }
        assertThat(active.getText()).isEqualTo("Pair");
        active.sendKeys(Keys.ENTER);
        assertThat(driver.findElement(By.cssSelector("#alignments th[data-sort=pair]")).getAttribute("aria-sort")).isEqualTo("ascending");
        for (int i = 0; i < 6 && active.getAttribute("data-explain") == null; i++) {
            active.sendKeys(Keys.TAB);
            active = driver.switchTo().activeElement();
        }
        assertThat(active.getText()).contains("Russia");
        active.sendKeys(Keys.ENTER);
        waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("explanation-title"), "Why: "));
    }

    @Test
    void onAPhoneTheNetworkTabFitsTheScreenAndItsTableScrollsInItsOwnBox() {
        driver.manage().window().setSize(new Dimension(390, 844));
        try {
            driver.get(url("/?asOf=2023-09-30&tab=network&net=all&netLevel=WEAK"));
            awaitNetwork();
            JavascriptExecutor js = (JavascriptExecutor) driver;
            waitUp().until(d -> (Boolean) js.executeScript("const c = window.echarts && echarts.getInstanceByDom(document.getElementById('map'));"
                    + " return !!c && c.getOption().series[0].data.length > 0;"));
            String wide = (String) js.executeScript("const w = document.documentElement.clientWidth;"
                    + " return [...document.querySelectorAll('#view-network *')].filter(e => e.getBoundingClientRect().right > w + 0.5"
                    + " && !e.closest('.table-box')).slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className).join(', ');");
            Long width = (Long) js.executeScript("return document.documentElement.scrollWidth;");
            assertThat(width).as("the page's width, with " + wide + " sticking out").isLessThanOrEqualTo(390L);
            for (String chart : List.of("network", "map")) {
                Long right = (Long) js.executeScript("return Math.round(document.getElementById(arguments[0]).getBoundingClientRect().right);", chart);
                assertThat(right).as(chart + " fits the screen").isLessThanOrEqualTo(390L);
            }
            keepScreenshot("network-390");
        } finally {
            driver.manage().window().setSize(new Dimension(1280, 1000));
        }
    }
    @Test
    void aWhatIfWithTheTreatyTemplateShowsAHypotheticalChangeAndWarningAndStoresNothing() throws Exception {
        long stored = indicatorTotal();
        driver.get(url("/?asOf=2023-09-30&tab=whatif"));
        threats();
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("whatif-template"))).selectByValue("treaty");
        driver.findElement(By.id("whatif-add")).click();
        assertThat(driver.findElement(By.id("whatif-text")).getAttribute("value"))
                .as("the template's row, dated as of the page's date").contains("2023-09-30,ALLIANCE_TREATY,PAK,RUS,B2");
        driver.findElement(By.cssSelector("#whatif button[type=submit]")).click();
        WebElement result = waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#whatif-result .hypothetical")));
        assertThat(result.findElement(By.cssSelector(".hypothetical-banner")).getText()).contains("HYPOTHETICAL", "Nothing was stored");
        assertThat(result.getText()).contains("Autonomy risk would be");
        WebElement change = driver.findElements(By.cssSelector("#whatif-changed > li")).stream()
                .filter(li -> li.getText().contains("Pakistan–Russia")).findFirst().orElseThrow();
        assertThat(change.getText()).containsPattern("ELEVATED \\d+\\.\\d → HIGH \\d+\\.\\d").contains("alliance treaty Pakistan → Russia");
        assertThat(driver.findElement(By.id("whatif-warnings")).getText()).contains("Threat up a level", "PAK");
        assertThat(indicatorTotal()).as("a what-if stores nothing").isEqualTo(stored);
    }

    long indicatorTotal() throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(url("/api/indicators?size=1"))).header("Accept", "application/json").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"total\"\\s*:\\s*(\\d+)").matcher(r.body());
        assertThat(m.find()).as(r.body()).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void theAlertsSayWhenThereAreNoneAndAnAnalystAcknowledgesOneWhichClearsTheBadge() {
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM alert", Long.class)).as("alerts raised on the sample").isZero();
        driver.get(url("/?asOf=2023-09-30&tab=alerts&poll=1000"));
        waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("alerts-summary"), "nothing has crossed a tripwire"));
        assertThat(driver.findElement(By.id("alert-badge")).isDisplayed()).as("no badge without alerts").isFalse();
        String body = "{\"key\":\"W.NEW_THREAT.CHN-PAK\",\"tripwire\":\"NEW_THREAT\",\"label\":\"New threat\",\"severity\":\"HIGH\","
                + "\"actors\":[\"CHN\",\"PAK\"],\"message\":\"A browser test's threat <b>appeared</b>.\",\"was\":\"nothing\","
                + "\"now\":\"HIGH (70.0)\",\"basis\":\"LAST_CHANGE\",\"since\":\"since data version 1\","
                + "\"explanation\":{\"conclusion\":\"c\",\"narrative\":\"The test's narrative.\"}}";
        jdbc.update("INSERT INTO alert (focus, warning_key, occasion, tripwire, severity, severity_rank, as_of, data_version, ruleset_version,"
                        + " message, body, raised_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                "IND", "W.NEW_THREAT.CHN-PAK", "browser test", "NEW_THREAT", "HIGH", 3, java.time.LocalDate.of(2023, 9, 30), 1L, "test",
                "A browser test's threat <b>appeared</b>.", body, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC));
        try {
            // the poll brings it in, with its badge
            waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.id("alert-badge")));
            assertThat(driver.findElement(By.id("alert-count")).getText()).isEqualTo("1");
            WebElement alert = waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#alerts li.alert")));
            assertThat(alert.getText()).contains("HIGH", "New threat: China–Pakistan", "A browser test's threat <b>appeared</b>.", "raised");
            assertThat(alert.findElement(By.cssSelector("button[data-ack]")).isEnabled()).as("no acknowledging without a key").isFalse();
            alert.findElement(By.tagName("summary")).click();
            waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#alerts li.alert"), "The test's narrative."));

            signInAsAnalyst();
            waitUp().ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(ExpectedConditions.elementToBeClickable(By.cssSelector("#alerts button[data-ack]"))).click();
            waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("alerts-message"), "Acknowledged"));
            waitUp().until(ExpectedConditions.invisibilityOfElementLocated(By.id("alert-badge")));
            assertThat(driver.findElement(By.id("alerts")).getText()).contains("Acknowledged by browser-analyst");
            assertThat(driver.findElements(By.cssSelector("#alerts button[data-ack]"))).isEmpty();
        } finally {
            jdbc.update("DELETE FROM alert WHERE occasion = ?", "browser test");
        }
    }

    static final List<String> RISK = List.of("LOW", "GUARDED", "ELEVATED", "HIGH", "SEVERE");

    @Test
    void theThreatsAreGroupedByKindWithCountsGravestFirstAndFilteredByLevelInTheUrl() {
        driver.get(url("/?asOf=2023-09-30"));
        int all = threats().size();
        List<WebElement> groups = driver.findElements(By.cssSelector("#threats details.group"));
        assertThat(groups).isNotEmpty();
        int counted = 0;
        int previous = Integer.MAX_VALUE;
        for (WebElement g : groups) {
            String summary = g.findElement(By.tagName("summary")).getText();
            assertThat(summary).as("level, count, kind label and names").matches("(LOW|GUARDED|ELEVATED|HIGH|SEVERE) \\d+ [^:]+: .+");
            int n = Integer.parseInt(g.findElement(By.cssSelector(".group-count")).getText());
            assertThat(g.findElements(By.cssSelector("ol.threats > li > button"))).as(summary).hasSize(n);
            assertThat(g.findElements(By.cssSelector("summary .state"))).as("country names, each with its code on hover").isNotEmpty()
                    .allSatisfy(st -> assertThat(st.getAttribute("title")).matches("[A-Z]{3}").isNotEqualTo(st.getText()));
            int gravest = RISK.indexOf(g.findElement(By.cssSelector("summary .level")).getText());
            assertThat(gravest).as("the gravest groups first").isLessThanOrEqualTo(previous);
            previous = gravest;
            counted += n;
        }
        assertThat(counted).as("every threat in one group").isEqualTo(all);
        // both convergences involve Russia, the partner: the heading says so once and names the others after it
        WebElement convergence = driver.findElement(By.cssSelector("#threats details.group[data-kind='PARTNER_ADVERSARY_CONVERGENCE'] summary"));
        assertThat(convergence.getText()).contains("Partner–adversary convergence with Russia: ");
        assertThat(driver.findElement(By.id("threat-count")).getText()).contains(all + " threat");

        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("level-filter"))).selectByValue("HIGH");
        waitUp().until(d -> d.getCurrentUrl().contains("level=HIGH"));
        List<WebElement> high = driver.findElements(By.cssSelector("#threats li button"));
        assertThat(high).isNotEmpty().hasSizeLessThan(all).allSatisfy(t ->
                assertThat(RISK.indexOf(t.findElement(By.cssSelector(".level")).getText())).isGreaterThanOrEqualTo(RISK.indexOf("HIGH")));
        assertThat(driver.findElement(By.id("threat-count")).getText()).contains("filtered");

        // the filters come back from the URL, and a lower-case focus code is accepted
        driver.get(url("/?asOf=2023-09-30&focus=ind&level=elevated&kind=HOSTILE_AXIS"));
        waitUp().until(d -> !d.findElements(By.cssSelector("#threats details.group")).isEmpty());
        assertThat(driver.findElement(By.id("focus")).getAttribute("value")).isEqualTo("IND");
        assertThat(driver.findElement(By.id("level-filter")).getAttribute("value")).isEqualTo("ELEVATED");
        assertThat(driver.findElement(By.id("kind-filter")).getAttribute("value")).isEqualTo("HOSTILE_AXIS");
        assertThat(driver.findElements(By.cssSelector("#threats details.group"))).allSatisfy(g ->
                assertThat(g.getAttribute("data-kind")).isEqualTo("HOSTILE_AXIS"));
        assertThat(driver.findElement(By.id("autonomy")).getText()).contains("ELEVATED");

        // the CSV holds the threats shown
        WebElement csv = driver.findElement(By.id("threats-csv"));
        assertThat(csv.getAttribute("href")).startsWith("blob:");
        assertThat(csv.getAttribute("download")).isEqualTo("threats-IND-2023-09-30.csv");
        // (its content is not read here: the page's CSP, connect-src 'self', rightly refuses a fetch of a blob: URL)
    }

    @Test
    void anExplanationOpensInASidePanelAtItsHeadingBesideTheListAndEscapeClosesIt() {
        driver.get(url("/?asOf=2023-09-30"));
        WebElement first = threats().get(0);
        String label = first.getAttribute("aria-label");
        first.click();
        WebElement panel = waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.id("explanation")));
        waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("explanation-title"), "Why: "));
        JavascriptExecutor js = (JavascriptExecutor) driver;
        assertThat(driver.switchTo().activeElement().getAttribute("id")).as("opens at its heading").isEqualTo("explanation-title");
        assertThat(((Number) js.executeScript("return arguments[0].scrollTop", panel)).intValue()).isZero();
        assertThat(js.executeScript("return getComputedStyle(arguments[0]).position", panel)).isEqualTo("fixed");
        // the list stays in view, beside the panel
        WebElement list = driver.findElement(By.id("threats"));
        assertThat(list.isDisplayed()).isTrue();
        Number listRight = (Number) js.executeScript("return arguments[0].getBoundingClientRect().right", list);
        Number panelLeft = (Number) js.executeScript("return arguments[0].getBoundingClientRect().left", panel);
        assertThat(listRight.doubleValue()).as("the list is not under the panel").isLessThanOrEqualTo(panelLeft.doubleValue() + 1);
        keepScreenshot("side-panel-1280");
        assertThat(driver.findElement(By.id("glossary")).getAttribute("textContent"))
                .contains("Weight", "Grade factor", "Decay", "Factor", "Contribution", "Confidence");
        // one line on why it matters, from the kinds table of the rules
        assertThat(driver.findElement(By.id("matters")).getText()).startsWith("Why it matters: ").contains("the focus");

        driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        waitUp().until(ExpectedConditions.invisibilityOfElementLocated(By.id("explanation")));
        assertThat(driver.switchTo().activeElement().getAttribute("aria-label")).as("focus back on the threat").isEqualTo(label);
        assertThat(driver.getCurrentUrl()).doesNotContain("explain=");

        // and by its button, from the keyboard
        driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.id("close-explanation"))).click();
        waitUp().until(ExpectedConditions.invisibilityOfElementLocated(By.id("explanation")));
        assertThat(driver.switchTo().activeElement().getAttribute("aria-label")).isEqualTo(label);
    }

    @Test
    void theTrendMarksTheMonthsWhereSomethingChangedAndAClickOnSeptemberListsTheNewAxisWithTheSummitAsItsCause() {
        driver.get(url("/?asOf=2023-09-30"));
        threats();
        JavascriptExecutor js = (JavascriptExecutor) driver;
        waitUp().until(d -> !d.findElements(By.cssSelector("#trend-months button")).isEmpty());
        // September 2023 (a new axis) is marked on the autonomy line, August 2023 (nothing new) is not
        @SuppressWarnings("unchecked")
        List<String> symbols = (List<String>) js.executeScript("const o = echarts.getInstanceByDom(document.getElementById('trend')).getOption();"
                + " return ['2023-08-31', '2023-09-30'].map(m => String(o.series[0].data[o.xAxis[0].data.indexOf(m)].symbol));");
        assertThat(symbols).containsExactly("undefined", "diamond");
        assertThat(driver.findElement(By.cssSelector("#trend-tools button")).getText()).isEqualTo("Save the trend as PNG");

        // a click on September's point, where the chart draws it
        WebElement canvas = driver.findElement(By.cssSelector("#trend canvas"));
        js.executeScript("arguments[0].scrollIntoView({block: 'center'})", canvas);
        @SuppressWarnings("unchecked")
        List<Number> at = (List<Number>) js.executeScript("const c = echarts.getInstanceByDom(document.getElementById('trend'));"
                + " const o = c.getOption(); const i = o.xAxis[0].data.indexOf('2023-09-30');"
                + " const p = c.convertToPixel({seriesIndex: 0}, [i, o.series[0].data[i].value]); const r = arguments[0].getBoundingClientRect();"
                + " return [p[0] - r.width / 2, p[1] - r.height / 2];", canvas);
        new org.openqa.selenium.interactions.Actions(driver).moveToElement(canvas, at.get(0).intValue(), at.get(1).intValue()).click().perform();
        WebElement changes = driver.findElement(By.id("trend-changes"));
        waitUp().until(ExpectedConditions.textToBePresentInElement(changes, "What changed in September 2023"));
        String text = changes.getText();
        assertThat(text).contains("Since 31 Aug", "Appeared (2)", "Hostile axis: China–North Korea–Russia", "Changed level",
                "summit meeting · Russia → North Korea · cnn.com: raises it by");
        assertThat(text).as("no engine codes").doesNotContain("HOSTILE_AXIS", "SUMMIT_MEETING", "MINISTERIAL_VISIT");
        keepScreenshot("trend-september-1280");

        // the new axis opens its explanation
        WebElement axis = changes.findElements(By.cssSelector("button[data-explain]")).stream()
                .filter(b -> b.getText().startsWith("Hostile axis: China–North Korea–Russia")).findFirst().orElseThrow();
        axis.click();
        waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("explanation-title"), "Why: "));
        assertThat(driver.findElement(By.id("explanation-body")).getText()).contains("China, North Korea, Russia are aligned with one another");
    }

    @Test
    void theKeyboardReachesTheMonthsWithChangesAndListsWhatChangedInOne() {
        driver.get(url("/?asOf=2023-09-30"));
        threats();
        waitUp().until(d -> !d.findElements(By.cssSelector("#trend-months button")).isEmpty());
        WebElement png = driver.findElement(By.cssSelector("#trend-tools button"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].focus()", png);
        driver.switchTo().activeElement().sendKeys(Keys.TAB);
        for (int i = 0; i < 30 && !"2022-12-31".equals(driver.switchTo().activeElement().getAttribute("data-month")); i++) {
            driver.switchTo().activeElement().sendKeys(Keys.TAB);
        }
        WebElement december = driver.switchTo().activeElement();
        assertThat(december.getAttribute("data-month")).as("Tab reaches the month").isEqualTo("2022-12-31");
        assertThat(december.getAttribute("aria-label")).isEqualTo("December 2022: 1 appeared, 1 changed level");
        december.sendKeys(Keys.ENTER);
        WebElement changes = driver.findElement(By.id("trend-changes"));
        waitUp().until(ExpectedConditions.textToBePresentInElement(changes, "What changed in December 2022"));
        // the jump of the trend in December 2022 is the Yangtse clash: the autonomy risk's acute part and its cause
        assertThat(changes.getText()).contains("Autonomy risk of India", "acute 0.0 → 27.8", "border clash · China → India");
        assertThat(december.getAttribute("aria-pressed")).isEqualTo("true");
        assertThat(driver.switchTo().activeElement()).as("the focus stays on the month").isEqualTo(december);
        assertThat(driver.getCurrentUrl()).as("the month is in the link").contains("month=2022-12-31");

        // and the link opens at it
        driver.navigate().refresh();
        waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("trend-changes"), "What changed in December 2022"));
    }

    @Test
    void eachThreatShowsItsMoveSinceThePreviousMonthEndAndASparklineOfItsScore() {
        driver.get(url("/?asOf=2023-09-30"));
        threats();
        JavascriptExecutor js = (JavascriptExecutor) driver;
        waitUp().until(d -> !d.findElements(By.cssSelector("#threats .since svg")).isEmpty());
        WebElement axis = driver.findElement(By.cssSelector("#threats button[data-trend='T.HOSTILE_AXIS.CHN-PRK-RUS']"));
        assertThat(axis.findElement(By.cssSelector(".arrow.new")).getAttribute("textContent")).isEqualTo("new");
        assertThat(axis.findElements(By.cssSelector(".since svg circle"))).as("one month of score: a dot").hasSize(1);
        WebElement words = driver.findElement(By.id(axis.getAttribute("aria-describedby")));
        assertThat(words.getAttribute("textContent")).startsWith("New since 31 Aug");

        WebElement steady = driver.findElement(By.cssSelector("#threats button[data-trend='T.STANDING_DISPUTE.CHN-IND']"));
        assertThat(steady.findElements(By.cssSelector(".arrow"))).as("no arrow for a level that stayed").isEmpty();
        assertThat(steady.findElements(By.cssSelector(".since svg polyline"))).hasSize(1);
        assertThat(driver.findElement(By.id(steady.getAttribute("aria-describedby"))).getAttribute("textContent")).startsWith("Level unchanged since");
        Long asked = (Long) js.executeScript("return performance.getEntriesByType('resource')"
                + ".filter(e => e.name.includes('/api/assessment/threat-trends?')).length;");
        assertThat(asked).as("one request for every threat's trend").isEqualTo(1L);

        // a month when the Russia–Pakistan axis rose a level
        driver.get(url("/?asOf=2022-03-31"));
        threats();
        WebElement rose = waitUp().until(d -> d.findElements(By.cssSelector("#threats button[data-trend='T.HOSTILE_AXIS.CHN-PAK-RUS'] .arrow.up"))
                .stream().findFirst().orElse(null));
        assertThat(rose.getText()).isEqualTo("▲");
        WebElement risen = driver.findElement(By.cssSelector("#threats button[data-trend='T.HOSTILE_AXIS.CHN-PAK-RUS']"));
        assertThat(driver.findElement(By.id(risen.getAttribute("aria-describedby"))).getAttribute("textContent"))
                .startsWith("Up from GUARDED since 28 Feb 2022");
    }

    @Test
    void theCompareViewListsWhatChangedBetweenTwoDatesKeepsThemInTheUrlAndBackReturnsToTheFormer() {
        driver.get(url("/?asOf=2023-09-30"));
        threats();
        // by keyboard alone: the arrow keys move along the views to Compare
        driver.findElement(By.id("tab-overview")).sendKeys(Keys.ARROW_RIGHT);
        for (int i = 0; i < 8 && !"tab-compare".equals(driver.switchTo().activeElement().getAttribute("id")); i++) {
            driver.switchTo().activeElement().sendKeys(Keys.ARROW_RIGHT);
        }
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("tab-compare");
        WebElement result = driver.findElement(By.id("compare-result"));
        waitUp().until(ExpectedConditions.textToBePresentInElement(result, "What changed for India"));
        assertThat(driver.getCurrentUrl()).as("a year before the page's date, and that date")
                .contains("tab=compare", "compareFrom=2022-09-30", "compareTo=2023-09-30");
        assertThat(driver.findElement(By.id("compare-autonomy")).getText()).contains("Autonomy risk", "Structural", "Acute", "30 Sep");
        assertThat(result.getText()).contains("Appeared", "Hostile axis: China–North Korea–Russia", "summit meeting · Russia → North Korea");
        keepScreenshot("compare-1280");

        // each change explains itself in place
        WebElement why = result.findElement(By.cssSelector("details.why summary"));
        why.click();
        waitUp().until(d -> !result.findElements(By.cssSelector("details.why[open] .subtree")).isEmpty());

        // two dates between which nothing appeared, disappeared or changed level, chosen and compared from the keyboard
        ((JavascriptExecutor) driver).executeScript("document.getElementById('compare-from').value = '2023-04-30';"
                + " document.getElementById('compare-to').value = '2023-06-30';");
        driver.findElement(By.cssSelector("#compare button[type=submit]")).sendKeys(Keys.ENTER);
        waitUp().until(d -> d.getCurrentUrl().contains("compareFrom=2023-04-30") && d.getCurrentUrl().contains("compareTo=2023-06-30"));
        waitUp().until(ExpectedConditions.textToBePresentInElement(result, "Nothing appeared, disappeared or changed level between 30 Apr 2023 and 30 Jun 2023."));

        driver.navigate().back();
        waitUp().until(d -> d.getCurrentUrl().contains("compareFrom=2022-09-30"));
        waitUp().until(ExpectedConditions.textToBePresentInElement(result, "Hostile axis: China–North Korea–Russia"));
        assertThat(driver.findElement(By.id("compare-from")).getAttribute("value")).isEqualTo("2022-09-30");
    }

    @Test
    void onAPhoneTheTrendsChangesAndTheCompareViewDoNotScrollSideways() {
        driver.manage().window().setSize(new Dimension(390, 844));
        try {
            JavascriptExecutor js = (JavascriptExecutor) driver;
            String overflow = "return document.documentElement.scrollWidth - document.documentElement.clientWidth;";
            driver.get(url("/?asOf=2023-09-30"));
            threats();
            waitUp().until(d -> !d.findElements(By.cssSelector("#threats .since svg")).isEmpty());
            WebElement september = waitUp().until(ExpectedConditions.elementToBeClickable(By.cssSelector("#trend-months button[data-month='2023-09-30']")));
            js.executeScript("arguments[0].scrollIntoView({block: 'center'})", september);
            september.click();
            waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("trend-changes"), "Appeared"));
            assertThat((Long) js.executeScript(overflow)).as("overflow of the overview, in px").isLessThanOrEqualTo(0L);
            keepScreenshot("trend-september-390");

            driver.get(url("/?asOf=2023-09-30&tab=compare"));
            waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("compare-result"), "Appeared"));
            driver.findElement(By.cssSelector("#compare-result details.why summary")).click();
            waitUp().until(d -> !d.findElements(By.cssSelector("#compare-result details.why[open] .subtree")).isEmpty());
            assertThat((Long) js.executeScript(overflow)).as("overflow of the compare view, in px").isLessThanOrEqualTo(0L);
            keepScreenshot("compare-390");
        } finally {
            driver.manage().window().setSize(new Dimension(1280, 1000));
        }
    }

    @Test
    void aFocusWithTooLittleDataSaysSoInWordsAndShowsNoScore() {
        driver.get(url("/?asOf=2023-09-30&focus=isl"));
        WebElement words = waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.id("insufficient")));
        assertThat(words.getText()).contains("too little data about Iceland", "indicator", "source", "month");
        String autonomy = driver.findElement(By.id("autonomy")).getText();
        assertThat(autonomy).contains("Not enough data").doesNotContain("0.0").doesNotContain("LOW");
        assertThat(driver.findElement(By.id("focus")).getAttribute("value")).isEqualTo("ISL");
        keepScreenshot("insufficient-data-1280");
    }

    /** A screenshot under target/screenshots/, for a person to look at. */
    static void keepScreenshot(String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "screenshots"));
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), dir.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            // only for looking at
        }
    }

    @Test
    void typingADateSendsOneRequestOnceTheTypingPauses() {
        driver.get(url("/?asOf=2023-09-30"));
        threats();
        JavascriptExecutor js = (JavascriptExecutor) driver;
        waitUp().until(d -> (Boolean) js.executeScript("return document.getElementById('trend-text').textContent.length > 0"));
        js.executeScript("performance.clearResourceTimings();");
        // a person typing 2022-03-31 into the field passes through complete dates on the way
        js.executeScript("const f = document.getElementById('asOf');"
                + " for (const v of ['2022-03-01', '2022-03-03', '2022-03-31']) { f.value = v; f.dispatchEvent(new Event('change')); }");
        waitUp().until(d -> d.getCurrentUrl().contains("asOf=2022-03-31"));
        waitUp().until(d -> (Boolean) js.executeScript(
                "return performance.getEntriesByType('resource').some(e => e.name.includes('/api/assessment/history?'));"));
        @SuppressWarnings("unchecked")
        List<String> asked = (List<String>) js.executeScript("return performance.getEntriesByType('resource').map(e => e.name)"
                + ".filter(n => n.includes('/api/assessment?'));");
        assertThat(asked).as("one assessment asked, of the date typed").hasSize(1).allSatisfy(n -> assertThat(n).contains("asOf=2022-03-31"));
    }

    @Test
    void uploadingWithoutAKeySaysInWordsWhatIsNeededAndWhere() {
        driver.get(url("/?asOf=2023-09-30&tab=upload"));
        threats();
        driver.findElement(By.id("tab-upload")).click();
        driver.findElement(By.id("upload-text")).sendKeys("date,type,actor,target,grade\n2023-09-13,SUMMIT_MEETING,RUS,PRK,A1\n");
        driver.findElement(By.cssSelector("#upload button[type=submit]")).click();
        WebElement result = waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#upload-result .error")));
        assertThat(result.getText()).contains("needs an API key with the ANALYST role", "\"API key\" box at the top", "Nothing was changed");
    }

    @Test
    void theLevelLegendShowsTheBandsOfTheActiveRuleset() {
        driver.get(url("/?asOf=2023-09-30"));
        threats();
        WebElement legend = waitUp().until(d -> {
            WebElement l = d.findElement(By.id("legend"));
            return l.isDisplayed() ? l : null;
        });
        legend.findElement(By.tagName("summary")).click();
        waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("legend-body"), "SEVERE"));
        String text = driver.findElement(By.id("legend-body")).getText();
        assertThat(text).contains("LOW 0.0 to under 20.0", "GUARDED 20.0 to under 40.0", "SEVERE 80.0 to 100",
                "STRONG 45.0 to 100", "ALLIANCE", "too little data");
    }

    @Test
    void backAndForwardStepThroughTheViewsAPersonOpened() {
        driver.get(url("/?asOf=2023-09-30"));
        threats();
        driver.findElement(By.id("tab-network")).click();
        waitUp().until(d -> d.getCurrentUrl().contains("tab=network"));
        driver.findElement(By.id("tab-indicators")).click();
        waitUp().until(d -> d.getCurrentUrl().contains("tab=indicators"));
        driver.navigate().back();
        waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.id("view-network")));
        assertThat(driver.findElement(By.id("view-indicators")).isDisplayed()).isFalse();
        driver.navigate().back();
        waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.id("view-overview")));
        assertThat(driver.getCurrentUrl()).contains("tab=overview");
        driver.navigate().forward();
        waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.id("view-network")));
        // a new date is a step too, and Back returns to the date before it with its own threats
        driver.get(url("/?asOf=2023-09-30"));
        threats();
        WebElement asOf = driver.findElement(By.id("asOf"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = '2023-06-30'", asOf);
        driver.findElement(By.id("apply")).click();
        waitUp().until(d -> d.getCurrentUrl().contains("asOf=2023-06-30"));
        waitUp().until(d -> !d.findElement(By.id("threats")).getText().contains("China–North Korea–Russia")
                && !d.findElement(By.id("threats")).getText().isBlank());
        driver.navigate().back();
        waitUp().until(d -> "2023-09-30".equals(d.findElement(By.id("asOf")).getAttribute("value")));
        waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("threats"), "North Korea"));
    }

    @Test
    void theIndicatorListKeepsItsFiltersAndPageInTheUrlAndStopsAtThePagesDate() {
        driver.get(url("/?asOf=2023-06-30&tab=indicators&iactor=rus"));
        waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("indicator-count"), "up to 2023-06-30"));
        assertThat(driver.findElement(By.cssSelector("#filters input[name=actor]")).getAttribute("value")).isEqualTo("RUS");
        List<WebElement> rows = waitUp().until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#indicators tbody tr"), 0));
        for (WebElement row : rows) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            assertThat(cells.get(0).getText()).as("no indicator after the page's date").isLessThanOrEqualTo("2023-06-30");
            assertThat(cells.get(2).getText()).isEqualTo("Russia");
        }
        // a filter typed in lower case is a code, and the list's position is in the link
        WebElement target = driver.findElement(By.cssSelector("#filters input[name=target]"));
        target.sendKeys("ind");
        driver.findElement(By.cssSelector("#filters button[type=submit]")).click();
        waitUp().until(d -> d.getCurrentUrl().contains("itarget=IND"));
        waitUp().until(d -> d.findElements(By.cssSelector("#indicators tbody tr")).stream()
                .allMatch(r -> r.findElements(By.tagName("td")).get(3).getText().equals("India")));
        driver.get(url("/?asOf=2023-09-30&tab=indicators&ipage=1"));
        waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("indicator-count"), "51–"));
        assertThat(driver.findElement(By.id("prev")).isEnabled()).isTrue();
        assertThat(driver.findElement(By.id("indicators-csv")).isDisplayed()).isTrue();
    }

    @Test
    void theUploadSuggestsTheFormatAFileLooksLikeAndShowsItsProgress() {
        driver.get(url("/?asOf=2023-09-30&tab=upload"));
        signInAsAnalyst();
        driver.findElement(By.id("tab-upload")).click();
        WebElement text = driver.findElement(By.id("upload-text"));
        text.sendKeys("Transfers of major conventional arms from All countries  to All countries .\n"
                + "SIPRI trend-indicator value\nRecipient,Supplier,Year of order\n");
        driver.findElement(By.cssSelector("#upload select[name=format]")).click();
        WebElement hint = waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#format-hint .hint")));
        assertThat(hint.getText()).contains("looks like a SIPRI trade register file");
        hint.findElement(By.tagName("button")).click();
        assertThat(new org.openqa.selenium.support.ui.Select(driver.findElement(By.cssSelector("#upload select[name=format]")))
                .getFirstSelectedOption().getText()).isEqualTo("SIPRI trade register");
        // a native file sent: the progress line, then what was stored
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = ''", text);
        // a row of the sample again (its id): a duplicate, so the other tests' data stays as it is
        text.sendKeys("id,date,type,actor,target,grade\nrus-prk-summit-2023-09-13,2023-09-13,SUMMIT_MEETING,RUS,PRK,A1\n");
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.cssSelector("#upload select[name=format]"))).selectByValue("native");
        ((JavascriptExecutor) driver).executeScript("window.progressSeen = false; new MutationObserver(() => {"
                + " if (document.getElementById('upload-progress')) window.progressSeen = true; })"
                + ".observe(document.getElementById('upload-result'), { childList: true, subtree: true });");
        driver.findElement(By.cssSelector("#upload button[type=submit]")).click();
        waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("upload-result"), "Stored: 0 of 1 rows accepted, 1 duplicates"));
        assertThat((Boolean) ((JavascriptExecutor) driver).executeScript("return window.progressSeen")).isTrue();
    }

    @Test
    void aRulesChangeIsPreviewedAtThePagesDateThenActivatedWithItsNote() {
        String before = jdbc.queryForObject("SELECT version FROM ruleset_active", String.class);
        driver.get(url("/?asOf=2023-06-30"));
        driver.findElement(By.id("key")).sendKeys("policy-test-key");
        driver.findElement(By.id("apply")).click();
        waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.id("tab-rules"))).click();
        waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("rules-status"), "Active version"));
        WebElement text = waitUp().until(d -> {
            WebElement t = d.findElement(By.id("rule-text"));
            return t.getAttribute("value").contains("from which a convergence is at least CLOSE_CONVERGENCE_FLOOR (M4)") ? t : null;
        });
        // a file only opened is no change: nothing to preview, nothing to activate
        driver.findElement(By.cssSelector("#preview button[type=submit]")).click();
        waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("preview-result"), "No file differs from the active version"));
        assertThat(driver.findElements(By.id("activate"))).isEmpty();
        // a description only: a new version that changes no conclusion, so it raises no alert the alert test would see
        String changed = text.getAttribute("value").replace("CLOSE_CONVERGENCE_FLOOR (M4)", "CLOSE_CONVERGENCE_FLOOR (M4; checked in a browser test)");
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'))", text, changed);
        driver.findElement(By.cssSelector("#preview button[type=submit]")).click();
        waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("preview-result"), "Nothing was activated"));
        assertThat(driver.findElement(By.id("preview-result")).getText()).contains("differences over 13 dates to 2023-06-30");
        WebElement activate = driver.findElement(By.cssSelector("#activate button[type=submit]"));
        activate.click();
        waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("activate-result"), "Say why"));
        driver.findElement(By.id("activate-note")).sendKeys("Description reworded: browser test");
        activate.click();
        waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("activate-result"), "Activated version"));
        String now = jdbc.queryForObject("SELECT version FROM ruleset_active", String.class);
        try {
            assertThat(now).isNotEqualTo(before);
            waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("activations"), "Description reworded: browser test"));
        } finally {
            // the other tests read the sample's rules
            ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + " fetch('/api/rules/versions/" + before + "/activate', { method: 'POST', headers: { Authorization: 'Bearer policy-test-key',"
                    + " 'X-Change-Note': 'back to the sample rules' } }).then(r => done(r.status));");
            waitUp().until(d -> before.equals(jdbc.queryForObject("SELECT version FROM ruleset_active", String.class)));
        }
    }

    @Test
    void aSharedLinkToAnotherAssessmentsExplanationSaysSoAndOffersThePagesOwn() {
        String id = waitUp().until(d -> (String) ((JavascriptExecutor) d).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " fetch('/api/assessment?asOf=2023-08-31').then(r => r.json()).then(a => done(a.autonomy.explanationId));"));
        driver.get(url("/?asOf=2023-09-30&explain=" + id));
        WebElement note = waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.id("stale-note")));
        assertThat(note.getText()).contains("date 2023-08-31 (the page: 2023-09-30)", "may no longer hold");
        note.findElement(By.tagName("button")).click();
        waitUp().until(d -> d.getCurrentUrl().contains("explain=IND.2023-09-30."));
        waitUp().until(ExpectedConditions.invisibilityOfElementLocated(By.id("stale-note")));
    }

    @Test
    void aPrintedViewIsAReportWithoutTheControlsOrTheKey() {
        driver.get(url("/?asOf=2023-09-30"));
        threats();
        ChromeDriver chrome = (ChromeDriver) driver;
        chrome.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        try {
            assertThat(driver.findElement(By.id("key")).isDisplayed()).as("no API key box on paper").isFalse();
            assertThat(driver.findElement(By.id("tab-overview")).isDisplayed()).isFalse();
            assertThat(driver.findElement(By.id("threats")).isDisplayed()).isTrue();
            assertThat(driver.findElement(By.id("autonomy")).isDisplayed()).isTrue();
        } finally {
            chrome.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
        }
        assertThat(driver.findElement(By.id("key")).isDisplayed()).isTrue();
    }

    @Test
    void aLinkWithADateOrFocusThatIsNoneSaysSoAndShowsTheDefaults() {
        badLinkOnPurpose = true;
        driver.get(url("/?asOf=2023-02-30&focus=xyz"));
        WebElement error = waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("error"), "not a state's code"));
        assertThat(error.getText()).contains("\"2023-02-30\" is not a day of the calendar", "\"XYZ\" is not a state's code");
        // the page shows what it says it shows: today, for the default focus, not a blank form
        assertThat(driver.findElement(By.id("asOf")).getAttribute("value")).isEqualTo(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
        waitUp().until(d -> "IND".equals(d.findElement(By.id("focus")).getAttribute("value")));
        waitUp().until(d -> d.getCurrentUrl().contains("focus=IND"));
    }
}
