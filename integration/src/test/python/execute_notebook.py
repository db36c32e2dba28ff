"""Executes a notebook with nbclient, as a front end would show it:
    execute_notebook.py IN OUT WORKDIR KERNEL_NAME [TIMEOUT_SECONDS]
A failing cell stops the run (nbclient's CellExecutionError); OUT is written either way.

The Kotlin kernel 0.11 sends update_display_data without a parent header. Jupyter front ends update a display by its id
whatever the parent, but nbclient only looks at messages whose parent is the running cell, so it would drop every
update. This client applies those updates to the running cell too, and counts them in the cell's metadata
(soma_display_updates), so a test can see that a display was redrawn live.
"""
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionComplete
from nbclient.util import ensure_async


class DisplayUpdatingClient(NotebookClient):
    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        while True:
            msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=None))
            parent = msg.get('parent_header') or {}
            orphan_update = msg['header'].get('msg_type') == 'update_display_data' and not parent.get('msg_id')
            if orphan_update:
                cell.metadata['soma_display_updates'] = cell.metadata.get('soma_display_updates', 0) + 1
            if parent.get('msg_id') == parent_msg_id or orphan_update:
                try:
                    self.process_message(msg, cell, cell_index)
                except CellExecutionComplete:
                    return


source, target, workdir, kernel = sys.argv[1:5]
timeout = int(sys.argv[5]) if len(sys.argv) > 5 else 600
nb = nbformat.read(source, as_version=4)
try:
    DisplayUpdatingClient(nb, kernel_name=kernel, timeout=timeout, resources={"metadata": {"path": workdir}}).execute()
finally:
    nbformat.write(nb, target)
