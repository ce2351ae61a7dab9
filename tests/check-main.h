/* check-main.h: the one way the Check unit tests run their suite and turn the result into an exit status. */
/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef CHECK_MAIN_H
#define CHECK_MAIN_H

#include <check.h>
#include <stdlib.h>

/* Run every test of SUITE (and free it); EXIT_SUCCESS when none failed.
 * CK_NORMAL prints Check's summary line, which CI's log reader counts. */
static inline int check_run_suite(Suite *suite)
{
	SRunner *runner = srunner_create(suite);
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
