"""A long import for the queue test (tests/sla/test_queues.py): the customers' import, slowed down row by row. The
imports worker loads it by its dotted path, like any import job's resource (decocrm.core.import_jobs)."""

import time

from customers.resources import CustomerResource

SECONDS_PER_ROW = 0.25


class SlowCustomerResource(CustomerResource):
    def before_import_row(self, row, **kwargs):
        time.sleep(SECONDS_PER_ROW)
        return super().before_import_row(row, **kwargs)
