#include "http/body_budget.h"

namespace euriqa::http {

bool BodyBudget::try_acquire(int64_t bytes) {
  int64_t now = held_.load();
  do {
    if (now + bytes > limit_.load()) return false;
  } while (!held_.compare_exchange_weak(now, now + bytes));
  return true;
}

BodyBudget& body_budget() {
  static BodyBudget budget;
  return budget;
}

}  // namespace euriqa::http
