# The Debian package, made by CPack: `cpack -G DEB` in a build dir (what
# packaging/build-release.sh runs) writes euriqa_<version>_amd64.deb with
#   /usr/bin/euriqa                              the server, stripped
#   /etc/euriqa/euriqa.json                      a conffile: a config `serve --config` takes
#   /lib/systemd/system/euriqa.service           the unit (system user, hardened)
#   /usr/share/doc/euriqa/                       copyright, changelog, README, notices
#   /usr/share/lintian/overrides/euriqa          the lintian tags we accept, with reasons
# and maintainer scripts that make the user and data dir and enable the unit.
# Included from the top-level CMakeLists.txt after the euriqa target.

set(deb_dir ${CMAKE_SOURCE_DIR}/packaging/debian)
set(deb_gen ${CMAKE_BINARY_DIR}/debian)

install(TARGETS euriqa RUNTIME DESTINATION bin)
# Absolute on purpose: Debian's places, whatever the install prefix.
install(FILES ${deb_dir}/euriqa.json DESTINATION /etc/euriqa PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
install(FILES ${deb_dir}/euriqa.service DESTINATION /lib/systemd/system
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)

# Debian wants the licences beside the package's docs and a compressed changelog
# (gzip -n: no timestamp, so the package is reproducible). The copyright file is
# LICENSE and THIRD_PARTY_NOTICES.md, except the Apache-2.0 text, which Debian keeps in
# /usr/share/common-licenses (the full notices, with it, are in the doc dir too).
file(MAKE_DIRECTORY ${deb_gen})
file(READ ${CMAKE_SOURCE_DIR}/LICENSE licence_text)
file(READ ${CMAKE_SOURCE_DIR}/THIRD_PARTY_NOTICES.md notices_text)
string(FIND "${notices_text}" "\n### LICENSE" apache_text_at)
if(apache_text_at GREATER 0)
  string(SUBSTRING "${notices_text}" 0 ${apache_text_at} notices_text)
endif()
file(WRITE ${deb_gen}/copyright
     "Euriqa ${PROJECT_VERSION}\n\nEuriqa itself is under the MIT licence:\n\n${licence_text}\n"
     "The binary embeds third-party code; their notices and licences follow.\n\n${notices_text}\n"
     "playwright-core is under the Apache License 2.0; on Debian systems its full text is in\n"
     "/usr/share/common-licenses/Apache-2.0.\n")
execute_process(COMMAND gzip -9nc ${deb_dir}/changelog OUTPUT_FILE ${deb_gen}/changelog.gz COMMAND_ERROR_IS_FATAL ANY)
set(doc_perms PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
install(FILES ${deb_gen}/copyright ${deb_gen}/changelog.gz ${CMAKE_SOURCE_DIR}/README.md
        ${CMAKE_SOURCE_DIR}/THIRD_PARTY_NOTICES.md DESTINATION share/doc/euriqa ${doc_perms})
install(FILES ${deb_dir}/lintian-overrides DESTINATION share/lintian/overrides RENAME euriqa ${doc_perms})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME euriqa)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "self-hosted test results and flaky-test analytics for Playwright")
# Lines of at most 80 columns (CPack does not wrap them).
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION [[Euriqa records every run, test, step and error that CI reports, keeps
the history of each test, scores flakiness and shows it all in a
dashboard built into the server, with Playwright's trace viewer
included for offline use.
.
One executable with an embedded SQLite database; its state lives in
/var/lib/euriqa. The service listens on port 8080 once installed; see
/usr/share/doc/euriqa/README.md.]])
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "The Euriqa authors <maintainers@euriqa.dev>")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# Library dependencies from dpkg-shlibdeps; the postinst needs adduser (its
# deb-systemd-helper comes from init-system-helpers, which is essential).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${deb_dir}/conffiles ${deb_dir}/postinst ${deb_dir}/prerm ${deb_dir}/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
