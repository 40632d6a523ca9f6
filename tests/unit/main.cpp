#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "domain/crypto.h"

int main(int argc, char** argv) {
  euriqa::domain::crypto_init();
  doctest::Context ctx(argc, argv);
  return ctx.run();
}
