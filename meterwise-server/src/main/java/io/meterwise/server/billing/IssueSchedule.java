package io.meterwise.server.billing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Issues due invoices on a schedule ({@code meterwise.billing.issue-interval}, default every 10 minutes). */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "meterwise.billing.scheduler-enabled", havingValue = "true", matchIfMissing = true)
class IssueSchedule {

    private static final Logger log = LoggerFactory.getLogger(IssueSchedule.class);

    private final InvoiceService service;

    IssueSchedule(InvoiceService service) {
        this.service = service;
    }

    @Scheduled(initialDelayString = "${meterwise.billing.issue-initial-delay:1m}",
            fixedDelayString = "${meterwise.billing.issue-interval:10m}")
    void issueDue() {
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
