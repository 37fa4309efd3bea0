"""The course kernel started for a script (the kernel tests, the memory benchmark), ready for cells, and
shut down afterwards whatever happens.

usage: with course_kernel() as (km, kc): kc.execute(...)
"""
from contextlib import contextmanager

from jupyter_client.manager import KernelManager


@contextmanager
def course_kernel(name="policy-gradient-ts"):
    km = KernelManager(kernel_name=name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        yield km, kc
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
