from .borrowing import BorrowActionView, borrow_detail, borrow_list, borrow_new
from .kpis import archive_kpis_page

__all__ = ["BorrowActionView", "archive_kpis_page", "borrow_detail", "borrow_list", "borrow_new"]
