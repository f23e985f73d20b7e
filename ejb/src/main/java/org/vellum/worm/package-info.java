/** Write-once storage targets for archives, the proof that each refuses deletion and overwrite, and copy records. */
package org.vellum.worm;
