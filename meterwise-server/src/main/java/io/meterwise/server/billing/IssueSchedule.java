package io.meterwise.server.billing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import io.meterwise.core.billing.InvoiceService;

/** Issues due invoices on a schedule ({@code meterwise.billing.issue-interval}, default every 10 minutes). */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "meterwise.billing.scheduler-enabled", havingValue = "true", matchIfMissing = true)
class IssueSchedule {

    private static final Logger log = LoggerFactory.getLogger(IssueSchedule.class);

    private final InvoiceService service;
    private volatile boolean ready;

    IssueSchedule(InvoiceService service) {
        this.service = service;
    }

    /**
     * Start runners (the demo loader, a backfill) run before the application is ready: issuing before they finish
     * would close periods on half-loaded usage, so the schedule waits for this event.
     */
    @EventListener(ApplicationReadyEvent.class)
    void applicationReady() {
        ready = true;
    }

    @Scheduled(initialDelayString = "${meterwise.billing.issue-initial-delay:1m}",
            fixedDelayString = "${meterwise.billing.issue-interval:10m}")
    void issueDue() {
        if (!ready) {
            return;
        }
        try {
            InvoiceService.IssueReport report = service.issueDue();
            if (!report.issued().isEmpty() || !report.failures().isEmpty()) {
                log.info("Issued {} invoices; {} failed: {}", report.issued().size(), report.failures().size(),
                        report.failures());
            }
        } catch (RuntimeException e) {
            log.error("Scheduled invoice issuing failed", e);
        }
    }
}
