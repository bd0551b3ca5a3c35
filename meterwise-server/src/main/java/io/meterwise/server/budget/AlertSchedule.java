package io.meterwise.server.budget;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import io.meterwise.core.budget.AlertEvaluation;
import io.meterwise.server.ingest.UsageIngestion;

/**
 * When alerts are evaluated (ADR 0041): the rules of a subscription right after a batch of its usage is committed,
 * every rule on a schedule ({@code meterwise.alerts.evaluation-interval}, default 5 minutes: spend also moves when a
 * forecast day passes, a period starts or a price version takes effect), and alerts stored but never handed to the
 * outbox at start and on each scheduled run.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class AlertSchedule {

    private static final Logger log = LoggerFactory.getLogger(AlertSchedule.class);

    private final AlertEvaluation evaluation;
    private volatile boolean ready;

    AlertSchedule(AlertEvaluation evaluation) {
        this.evaluation = evaluation;
    }

    /** Start runners (the demo loader, a backfill) append usage before the application is ready: wait for them. */
    @EventListener(ApplicationReadyEvent.class)
    void applicationReady() {
        ready = true;
        enqueuePending();
    }

    /** Runs in the ingesting thread after the commit: the batch's response is sent once its alerts are stored. */
    @EventListener
    void batchCommitted(UsageIngestion.BatchCommitted batch) {
        for (var subscription : batch.subscriptionIds()) {
            try {
                report(evaluation.evaluate(subscription));
            } catch (RuntimeException e) {
                log.error("Alert evaluation after a batch of subscription {} failed; the schedule retries",
                        subscription, e);
            }
        }
    }

    @Scheduled(initialDelayString = "${meterwise.alerts.evaluation-initial-delay:1m}",
            fixedDelayString = "${meterwise.alerts.evaluation-interval:5m}")
    void scheduled() {
        if (!ready) {
            return;
        }
        try {
            report(evaluation.evaluateAll());
            enqueuePending();
        } catch (RuntimeException e) {
            log.error("Scheduled alert evaluation failed", e);
        }
    }

    private void enqueuePending() {
        try {
            int enqueued = evaluation.enqueuePending();
            if (enqueued > 0) {
                log.info("Enqueued {} alert notifications that were stored but not yet enqueued", enqueued);
            }
        } catch (RuntimeException e) {
            log.error("Enqueueing pending alert notifications failed; retried on the next run", e);
        }
    }

    private static void report(AlertEvaluation.Report report) {
        if (!report.fired().isEmpty()) {
            log.info("Fired {} alerts: {}", report.fired().size(), report.fired().stream()
                    .map(a -> a.rule().name() + "/" + a.notificationName() + " " + a.period().start()).toList());
        }
        if (!report.failures().isEmpty()) {
            log.warn("Alert evaluation could not measure {} rules: {}", report.failures().size(), report.failures());
        }
    }
}
