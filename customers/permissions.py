"""Who marks and reviews key accounts, and who keeps one up [seed 004 §4-§5, §8-§9].

- Marking, unmarking, changing the tier or the account manager, and the December review: the sales department
  head and management (`can_mark_key_accounts`). Management is a company-wide manager (or a superuser); the sales
  department head is a manager whom a superuser put in the SALES_HEAD_GROUP capability group
  (decocrm.accounts.roles.register_capability_group), so the duty is a person's, not every manager's.
- The care of a key account (contacts, visit records, its requests): its account manager, its owner, and the
  managers who may change the customer (`can_keep_key_account`)."""

from decocrm.accounts.selectors import holds_permission, is_company_manager, is_manager

SALES_HEAD_GROUP = "sales_head"  # 销售部负责人
MARK_KEY_ACCOUNTS_PERMISSION = "customers.mark_key_accounts"


def can_mark_key_accounts(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if is_company_manager(user):
        return True
    # Only a manager is asked about the group: the query is spent on the few who could hold the duty.
    return is_manager(user) and holds_permission(user, MARK_KEY_ACCOUNTS_PERMISSION)


def can_keep_key_account(user, customer) -> bool:
    """Log contacts and visit records, record and answer requests of this key account: its account manager, its
    owner, the company's managers, and the manager of the owner's team (as they may change the customer)."""
    if not customer.is_key_account or not user.is_authenticated:
        return False
    if user.pk in (customer.account_manager_id, customer.owner_id) or is_company_manager(user):
        return True
    return (
        is_manager(user)
        and user.team_id is not None
        and customer.owner is not None
        and customer.owner.team_id == user.team_id
    )
