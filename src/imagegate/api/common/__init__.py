"""What every API surface shares: the job handlers all of them call (get, wait, cancel, list; a
request becomes a job through ``Admission.admit``), the synchronous dialects' waiting and failure
mapping, translation helpers, image-input helpers, the one JSON reader, multipart bodies and URLs.

May import: ``api.deps``, ``api.problems``, the services, and every lower layer; never a surface.
"""
