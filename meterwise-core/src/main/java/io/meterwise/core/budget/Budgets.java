package io.meterwise.core.budget;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.access.Role;
import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.chargeback.TagKeys;
import io.meterwise.core.cost.Dimension;
import io.meterwise.core.error.ErrorCode;
import io.meterwise.core.error.UseCaseException;

/**
 * Creating, reading and deleting budgets and usage alert rules. A write is checked completely before anything is
 * stored; a write naming an eTag that is no longer the stored one is refused ({@link ErrorCode#PRECONDITION_FAILED}).
 */
public final class Budgets {

    /** Azure allows five notifications per budget. */
    public static final int MAX_NOTIFICATIONS = 5;
    public static final int MAX_CONTACTS = 50;
    static final Set<String> LOCALES = Set.of("en-us", "ja-jp", "zh-cn", "de-de", "es-es", "fr-fr", "it-it", "ko-kr",
            "pt-br", "ru-ru", "zh-tw", "cs-cz", "pl-pl", "tr-tr", "da-dk", "en-gb", "hu-hu", "nb-no", "nl-nl", "pt-pt",
            "sv-se");
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");
    /** An action group's ARM id, or the name of a webhook endpoint registered through the operator API. */
    private static final Pattern CONTACT_GROUP = Pattern.compile(
            "(/subscriptions/[^/]+/resourceGroups/[^/]+/providers/microsoft\\.insights/actionGroups/[^/]+)"
                    + "|([A-Za-z0-9][A-Za-z0-9._-]{0,79})", Pattern.CASE_INSENSITIVE);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BudgetStore store;
    private final SpendMeter meter;
    private final Catalog catalog;
    private final TagKeys tagKeys;
    private final Clock clock;

    public Budgets(BudgetStore store, SpendMeter meter, Catalog catalog, TagKeys tagKeys, Clock clock) {
        this.store = store;
        this.meter = meter;
        this.catalog = catalog;
        this.tagKeys = tagKeys;
        this.clock = clock;
    }

    /** A stored rule, whether the write created it. */
    public record Written(Budget budget, boolean created) {
    }

    /** A rule with what it measured for its reporting period. */
    public record Status(Budget budget, Spend spend) {
    }

    /**
     * Creates or replaces the rule named in {@code budget} (its {@code ruleId} and {@code eTag} are assigned here).
     * With {@code expectedETag}, an existing rule is replaced only while its eTag is still that one.
     */
    public Written put(Budget budget, @Nullable String expectedETag) {
        validate(budget);
        Optional<Budget> existing = store.find(budget.scope(), budget.measure(), budget.name());
        String eTag = newETag();
        if (existing.isEmpty()) {
            Budget created = budget.withRuleId(UUID.randomUUID()).withETag(eTag);
            if (!store.insert(created)) {
                throw stale(budget.name());
            }
            return new Written(created, true);
        }
        Budget current = existing.get();
        if (expectedETag != null && !sameETag(expectedETag, current.eTag())) {
            throw stale(budget.name());
        }
        Budget replaced = budget.withRuleId(current.ruleId()).withETag(eTag);
        if (!store.replace(replaced, current.eTag())) {
            throw stale(budget.name());
        }
        return new Written(replaced, false);
    }

    public Optional<Status> get(BudgetScope scope, Measure measure, String name) {
        return store.find(scope, measure, name).map(this::status);
    }

    public List<Status> list(BudgetScope scope, Measure measure) {
        return store.list(scope, measure).stream().map(this::status).toList();
    }

    public boolean delete(BudgetScope scope, Measure measure, String name) {
        return store.delete(scope, measure, name);
    }

    /** The rule's spend (and forecast, for a cost budget) in the period holding today. */
    public Status status(Budget budget) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return new Status(budget, meter.measure(budget, budget.reportingPeriod(today), today,
                budget.measure() == Measure.COST));
    }

    private void validate(Budget b) {
        if (b.amount().signum() <= 0) {
            throw invalid("The amount must be greater than zero; it is " + b.amount().toPlainString() + ".",
                    "properties.amount");
        }
        if (b.startDate().getDayOfMonth() != 1) {
            throw invalid("The start date must be the first day of a month; it is " + b.startDate() + ".",
                    "properties.timePeriod.startDate");
        }
        if (!b.endDate().isAfter(b.startDate())) {
            throw invalid("The end date " + b.endDate() + " must be after the start date " + b.startDate() + ".",
                    "properties.timePeriod.endDate");
        }
        if (b.filter() != null) {
            validateFilter(b.scope(), b.filter(), "properties.filter");
        }
        if (b.measure() == Measure.USAGE && catalog.meter(b.meterId()).isEmpty()) {
            throw invalid("The meter " + b.meterId() + " is not in the catalog.", "properties.meterId");
        }
        if (b.notifications().size() > MAX_NOTIFICATIONS) {
            throw invalid("A budget can have at most " + MAX_NOTIFICATIONS + " notifications; this one has "
                    + b.notifications().size() + ".", "properties.notifications");
        }
        for (Map.Entry<String, Notification> e : b.notifications().entrySet()) {
            validateNotification(b, e.getKey(), e.getValue());
        }
    }

    private void validateFilter(BudgetScope scope, BudgetFilter filter, String target) {
        if (filter instanceof BudgetFilter.And and) {
            for (int i = 0; i < and.all().size(); i++) {
                validateFilter(scope, and.all().get(i), target + ".and[" + i + "]");
            }
        } else if (filter instanceof BudgetFilter.DimensionIn d) {
            if (Dimension.fromWireName(d.name()).isEmpty()) {
                throw invalid("The dimension '" + d.name() + "' is unknown. Known dimensions: "
                        + String.join(", ", java.util.Arrays.stream(Dimension.values()).map(Dimension::wireName)
                                .toList()) + ".", target + ".dimensions.name");
            }
        } else if (filter instanceof BudgetFilter.TagIn t) {
            if (!tagKeys.anyRecordHas(scope.subscriptionId(), t.name())) {
                throw invalid("No usage of the subscription carries the tag '" + t.name() + "'.",
                        target + ".tags.name");
            }
        }
    }

    private static void validateNotification(Budget b, String name, Notification n) {
        String target = "properties.notifications." + name;
        if (name.isBlank() || name.length() > 128) {
            throw invalid("A notification name has 1 to 128 characters.", target);
        }
        if (n.threshold().signum() <= 0 || n.threshold().compareTo(java.math.BigDecimal.valueOf(1000)) > 0) {
            throw invalid("The threshold is a percentage in (0, 1000]; it is " + n.threshold().toPlainString() + ".",
                    target + ".threshold");
        }
        if (b.measure() == Measure.USAGE && n.thresholdType() == Notification.ThresholdType.FORECASTED) {
            throw invalid("Usage alert rules fire on Actual thresholds only.", target + ".thresholdType");
        }
        if (n.contactEmails().size() > MAX_CONTACTS || n.contactGroups().size() > MAX_CONTACTS) {
            throw invalid("A notification names at most " + MAX_CONTACTS + " e-mails and " + MAX_CONTACTS
                    + " contact groups.", target);
        }
        if (n.contactEmails().isEmpty() && n.contactGroups().isEmpty()) {
            throw invalid("A notification needs at least one contact e-mail or contact group.",
                    target + ".contactEmails");
        }
        for (String email : n.contactEmails()) {
            if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
                throw invalid("'" + shorten(email) + "' is not an e-mail address.", target + ".contactEmails");
            }
        }
        for (String group : n.contactGroups()) {
            int scheme = group.indexOf("://");
            if (scheme > 0) {
                String protocol = group.substring(0, scheme).toLowerCase(java.util.Locale.ROOT);
                throw invalid(protocol.equals("http") || protocol.equals("https")
                        ? "contactGroups name webhook endpoints registered through the operator API (or action group "
                                + "ids), not URLs: register '" + shorten(group) + "' first."
                        : "'" + shorten(group) + "' is not an http(s) webhook target.", target + ".contactGroups");
            }
            if (!CONTACT_GROUP.matcher(group).matches()) {
                throw invalid("'" + shorten(group) + "' is neither an action group id nor a webhook endpoint name.",
                        target + ".contactGroups");
            }
        }
        for (String role : n.contactRoles()) {
            if (java.util.Arrays.stream(Role.values()).noneMatch(r -> r.wireName().equalsIgnoreCase(role))) {
                throw invalid("The contact role '" + shorten(role) + "' is not one of Owner, Contributor, Reader, "
                        + "Billing Reader.", target + ".contactRoles");
            }
        }
        if (!LOCALES.contains(n.locale().toLowerCase(java.util.Locale.ROOT))) {
            throw invalid("The locale '" + shorten(n.locale()) + "' is not supported.", target + ".locale");
        }
    }

    static boolean sameETag(String a, String b) {
        return unquote(a).equals(unquote(b));
    }

    private static String unquote(String eTag) {
        String t = eTag.trim();
        if (t.startsWith("W/")) {
            t = t.substring(2);
        }
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }

    private static String newETag() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return "\"" + HexFormat.of().formatHex(bytes).substring(1) + "\"";
    }

    private static UseCaseException stale(String name) {
        return new UseCaseException(ErrorCode.PRECONDITION_FAILED, "The budget '" + name + "' was changed since the "
                + "eTag given was read. Read it again and retry with its current eTag.", "eTag");
    }

    private static UseCaseException invalid(String message, String target) {
        return new UseCaseException(ErrorCode.INVALID_REQUEST, message, target);
    }

    private static String shorten(String text) {
        return io.meterwise.core.limits.Texts.shorten(text);
    }
}
