/**
 * Types of imagegate's HTTP API, generated from the server's OpenAPI document by openapi-typescript.
 * Do not edit: run `npm run generate` in clients/typescript after changing the API.
 */

export interface paths {
    "/api/v3/load_model": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Load a catalog model into memory
         * @description Load a catalog model into memory (admin keys only: loading can evict the models every key uses). A
         *     model not in the catalog is refused: models come from catalog files, not URLs.
         */
        post: operations["load_model_api_v3_load_model_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v4/dreambooth/model_list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * List the models (a bare JSON array)
         * @description The catalog in ModelsLab's model-list shape (``model_id``, ``status``, ``model_name``, …).
         */
        post: operations["model_list_api_v4_dreambooth_model_list_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v5/controlnet": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * ControlNet (v5 path)
         * @description Answers `success` when the job ends within a few seconds, otherwise `processing` with an integer `id` for the fetch routes. The job is also `GET /v1/jobs/{job_id}` (`job_id` in the answer).
         */
        post: operations["modelslab_api_v5_controlnet"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v5/images/fetch/{request_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Fetch (v5 ControlNet path, as its OpenAPI file lists it)
         * @description The key comes as a ``key`` header or Bearer (a GET has no body).
         */
        get: operations["fetch_v5_get_api_v5_images_fetch__request_id__get"];
        put?: never;
        /**
         * Fetch (v5 ControlNet path)
         * @description ModelsLab v5's fetch by id in the path: the same envelope as v6's fetch.
         */
        post: operations["fetch_v5_api_v5_images_fetch__request_id__post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v6/{family}/fetch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Fetch a request by id (request_id in the body)
         * @description ModelsLab's fetch with ``request_id`` in the body: the request's envelope as it stands
         *     (``processing`` until done, then ``success`` with ``output`` links).
         */
        post: operations["fetch_by_body_api_v6__family__fetch_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v6/{family}/fetch/{request_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Fetch a request by id (id in the path)
         * @description For every family (``images``, ``realtime``, ``image_editing``): the request's current envelope.
         */
        post: operations["fetch_by_path_api_v6__family__fetch__request_id__post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v6/files/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An output image (the output/future_links)
         * @description An output image behind the signed link a ModelsLab answer (``output``, ``future_links``) gave; it
         *     waits briefly for a job still running.
         */
        get: operations["files_api_v6_files__name__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v6/image_editing/inpaint": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Inpaint
         * @description Answers `success` when the job ends within a few seconds, otherwise `processing` with an integer `id` for the fetch routes. The job is also `GET /v1/jobs/{job_id}` (`job_id` in the answer).
         */
        post: operations["modelslab_api_v6_image_editing_inpaint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v6/image_editing/outpaint": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Outpaint
         * @description Answers `success` when the job ends within a few seconds, otherwise `processing` with an integer `id` for the fetch routes. The job is also `GET /v1/jobs/{job_id}` (`job_id` in the answer).
         */
        post: operations["modelslab_api_v6_image_editing_outpaint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v6/image_editing/super_resolution": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upscale an image
         * @description Answers `success` when the job ends within a few seconds, otherwise `processing` with an integer `id` for the fetch routes. The job is also `GET /v1/jobs/{job_id}` (`job_id` in the answer).
         */
        post: operations["modelslab_api_v6_image_editing_super_resolution"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v6/images/controlnet": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * ControlNet
         * @description Answers `success` when the job ends within a few seconds, otherwise `processing` with an integer `id` for the fetch routes. The job is also `GET /v1/jobs/{job_id}` (`job_id` in the answer).
         */
        post: operations["modelslab_api_v6_images_controlnet"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v6/images/img2img": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Image to image
         * @description Answers `success` when the job ends within a few seconds, otherwise `processing` with an integer `id` for the fetch routes. The job is also `GET /v1/jobs/{job_id}` (`job_id` in the answer).
         */
        post: operations["modelslab_api_v6_images_img2img"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v6/images/inpaint": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Inpainting
         * @description Answers `success` when the job ends within a few seconds, otherwise `processing` with an integer `id` for the fetch routes. The job is also `GET /v1/jobs/{job_id}` (`job_id` in the answer).
         */
        post: operations["modelslab_api_v6_images_inpaint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v6/images/model_reload": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Load (or keep loaded) a catalog model
         * @description Load, or keep loaded, a catalog model (admin keys only).
         */
        post: operations["model_reload_api_v6_images_model_reload_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v6/images/text2img": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Text to image
         * @description Answers `success` when the job ends within a few seconds, otherwise `processing` with an integer `id` for the fetch routes. The job is also `GET /v1/jobs/{job_id}` (`job_id` in the answer).
         */
        post: operations["modelslab_api_v6_images_text2img"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v6/realtime/img2img": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Realtime image to image
         * @description Answers `success` when the job ends within a few seconds, otherwise `processing` with an integer `id` for the fetch routes. The job is also `GET /v1/jobs/{job_id}` (`job_id` in the answer).
         */
        post: operations["modelslab_api_v6_realtime_img2img"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v6/realtime/inpaint": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Realtime inpainting
         * @description Answers `success` when the job ends within a few seconds, otherwise `processing` with an integer `id` for the fetch routes. The job is also `GET /v1/jobs/{job_id}` (`job_id` in the answer).
         */
        post: operations["modelslab_api_v6_realtime_inpaint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v6/realtime/text2img": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Realtime text to image
         * @description Answers `success` when the job ends within a few seconds, otherwise `processing` with an integer `id` for the fetch routes. The job is also `GET /v1/jobs/{job_id}` (`job_id` in the answer).
         */
        post: operations["modelslab_api_v6_realtime_text2img"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness: the process answers
         * @description Liveness: 200 whenever the process answers (no key, nothing checked). For load balancers' and
         *     orchestrators' liveness probes.
         */
        get: operations["healthz_healthz_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description Open unless ``metrics_token`` is set; then scrape with ``Authorization: Bearer <token>``.
         */
        get: operations["metrics_metrics_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness: database, schema, scheduler and catalog are ready
         * @description Readiness: 200 once the server can take jobs (started, database reachable, scheduler running,
         *     catalog loaded), else 503 with the failing checks. No key.
         */
        get: operations["readyz_readyz_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sdapi/v1/cmd-flags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Command-line flags (as an A1111 started with --api --nowebui)
         * @description What clients check at start (``api``, ``nowebui``, ``listen``, ``port``); no paths or secrets.
         */
        get: operations["cmd_flags_sdapi_v1_cmd_flags_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sdapi/v1/embeddings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Textual-inversion embeddings (none)
         * @description Always empty (A1111's shape: ``loaded`` and ``skipped``).
         */
        get: operations["embeddings_sdapi_v1_embeddings_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sdapi/v1/extensions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Extensions (none)
         * @description Always empty: ControlNet is built in, not an extension.
         */
        get: operations["extensions_sdapi_v1_extensions_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sdapi/v1/extra-single-image": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upscale one image (A1111)
         * @description Upscale one image with a catalog upscaler (``upscaler_1``, ``upscaling_resize`` 2 or 4).
         */
        post: operations["extra_single_image_sdapi_v1_extra_single_image_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sdapi/v1/face-restorers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Face restorers of the catalog
         * @description The catalog's ``[[face_restorers]]`` (GFPGAN, CodeFormer): ``restore_faces: true`` uses the first,
         *     the extras' ``gfpgan_visibility``/``codeformer_visibility`` the one of that kind. Empty when none
         *     is installed; ``restore_faces`` is then refused with a message saying how to add one.
         */
        get: operations["face_restorers_sdapi_v1_face_restorers_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sdapi/v1/hypernetworks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Hypernetworks (none)
         * @description Always empty: imagegate applies LoRAs (``/sdapi/v1/loras``), not hypernetworks.
         */
        get: operations["hypernetworks_sdapi_v1_hypernetworks_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sdapi/v1/img2img": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Image to image, or inpainting with a mask (A1111)
         * @description Image to image, or inpainting when ``mask`` is sent; waits for the job like A1111 does.
         *     ``info.job_id`` names the job for ``GET /v1/jobs/{id}``.
         */
        post: operations["img2img_sdapi_v1_img2img_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sdapi/v1/interrupt": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stop your running job
         * @description Only the calling key's running job stops; its waiting txt2img call answers with no images.
         */
        post: operations["interrupt_sdapi_v1_interrupt_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sdapi/v1/loras": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * LoRA adapters
         * @description The catalog's LoRA adapters, for ``<lora:name:weight>`` in prompts.
         */
        get: operations["loras_sdapi_v1_loras_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sdapi/v1/memory": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Memory (RAM; CUDA when a GPU is in use)
         * @description RAM in bytes (``free``, ``used``, ``total``) and, with a CUDA device, its memory.
         */
        get: operations["memory_sdapi_v1_memory_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sdapi/v1/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your options (sd_model_checkpoint is the model your requests use)
         * @description The options A1111 clients read, notably ``sd_model_checkpoint``: the model your key's generations
         *     use.
         */
        get: operations["get_options_sdapi_v1_options_get"];
        put?: never;
        /**
         * Set your options: the model (sd_model_checkpoint) and any other
         * @description Kept per API key (A1111 keeps one global set; here one client cannot switch another's model).
         *     ``sd_model_checkpoint`` picks the model of your later requests; an option that changes how
         *     images are made (``CLIP_stop_at_last_layers``, ``sd_vae``, …) is taken only at the value this
         *     server uses; any other (``send_seed``, …) is kept and answered back by ``GET /options``.
         */
        post: operations["set_options_sdapi_v1_options_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sdapi/v1/png-info": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Generation parameters stored in a PNG
         * @description The generation parameters stored in a PNG's text chunks (A1111's infotext, parsed; imagegate's own
         *     under ``imagegate``). Reads the header only.
         */
        post: operations["png_info_sdapi_v1_png_info_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sdapi/v1/progress": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Progress of your current job
         * @description Only the calling key's jobs: another key's work is never visible here.
         */
        get: operations["progress_sdapi_v1_progress_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sdapi/v1/prompt-styles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prompt styles (none)
         * @description Always empty: ``styles`` in a request are refused; put the text in the prompt.
         */
        get: operations["prompt_styles_sdapi_v1_prompt_styles_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sdapi/v1/realesrgan-models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Real-ESRGAN models of the catalog
         * @description The catalog's Real-ESRGAN upscalers (``/sdapi/v1/upscalers`` lists every upscaler).
         */
        get: operations["realesrgan_models_sdapi_v1_realesrgan_models_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sdapi/v1/refresh-checkpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-read the checkpoints added at run time
         * @description Re-reads the models added at run time (POST /v1/models) now instead of at the next refresh;
         *     the catalog files are read when the server starts. ``/sd-models`` lists them.
         */
        post: operations["refresh_checkpoints_sdapi_v1_refresh_checkpoints_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sdapi/v1/refresh-loras": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-read the LoRAs added at run time
         * @description Re-reads the LoRAs added at run time (POST /v1/loras) now; ``/loras`` lists them.
         */
        post: operations["refresh_loras_sdapi_v1_refresh_loras_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sdapi/v1/samplers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Samplers
         * @description The samplers a request may name (A1111 names, mapped to diffusers schedulers).
         */
        get: operations["samplers_sdapi_v1_samplers_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sdapi/v1/schedulers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Schedule types
         * @description The noise schedules a request may name (``scheduler``: Karras, Exponential, …).
         */
        get: operations["schedulers_sdapi_v1_schedulers_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sdapi/v1/script-info": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Scripts and their arguments
         * @description The scripts of ``/scripts``, always-on, for txt2img and img2img.
         */
        get: operations["script_info_sdapi_v1_script_info_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sdapi/v1/scripts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Scripts a request may name
         * @description ControlNet, through ``alwayson_scripts.controlnet``; ``script_name`` scripts are refused.
         */
        get: operations["scripts_sdapi_v1_scripts_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sdapi/v1/sd-models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Models
         * @description The catalog's text-to-image models as A1111 checkpoints (``title``, ``model_name``).
         */
        get: operations["sd_models_sdapi_v1_sd_models_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sdapi/v1/sd-vae": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Separate VAEs
         * @description Always empty: every model uses its own VAE.
         */
        get: operations["sd_vae_sdapi_v1_sd_vae_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sdapi/v1/txt2img": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Text to image (A1111)
         * @description Waits for the job; ``info.job_id`` (and the ``X-Imagegate-Job-Id`` header) name it for
         *     ``GET /v1/jobs/{id}``. ControlNet comes through ``alwayson_scripts.controlnet``.
         */
        post: operations["txt2img_sdapi_v1_txt2img_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sdapi/v1/upscalers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Upscalers
         * @description The catalog's upscalers, by the names ``upscaler_1`` takes.
         */
        get: operations["upscalers_sdapi_v1_upscalers_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/annotators": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List ControlNet annotators
         * @description Annotators the ``depth`` and ``openpose`` preprocessors run (``kind`` depth or pose); empty until
         *     one is added (POST /v1/annotators or an ``[[annotators]]`` catalog entry).
         */
        get: operations["list_annotators_v1_annotators_get"];
        put?: never;
        /**
         * Add an annotator
         * @description Add a ControlNet annotator (a transformers folder on the server or a hub repo): ``kind: depth``
         *     (Depth Anything, DPT/MiDaS) serves the ``depth`` preprocessor, ``kind: pose`` (ViTPose) ``openpose``.
         */
        post: operations["add_annotator_v1_annotators_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/annotators/{annotator_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove an annotator
         * @description Remove a run-time annotator and the files pulled for it.
         */
        delete: operations["delete_annotator_v1_annotators__annotator_id__delete"];
        options?: never;
        head?: never;
        /**
         * Change an annotator
         * @description Change a run-time annotator's name, license, tags…; file entries are read-only.
         */
        patch: operations["patch_annotator_v1_annotators__annotator_id__patch"];
        trace?: never;
    };
    "/v1/annotators/{annotator_id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Follow an annotator's pull
         * @description Progress of an annotator's pull as server-sent events, until it is ready, failed or removed.
         */
        get: operations["annotator_events_v1_annotators__annotator_id__events_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/controlnets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List ControlNets
         * @description ControlNets a ``controlnet`` request can name, each for one model family.
         */
        get: operations["list_controlnets_v1_controlnets_get"];
        put?: never;
        /**
         * Add a ControlNet
         * @description Add a ControlNet (a diffusers folder on the server or a hub repo; a single file with ``config``).
         */
        post: operations["add_controlnet_v1_controlnets_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/controlnets/{controlnet_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a ControlNet
         * @description Remove a run-time ControlNet and the files pulled for it.
         */
        delete: operations["delete_controlnet_v1_controlnets__controlnet_id__delete"];
        options?: never;
        head?: never;
        /**
         * Change a ControlNet
         * @description Change a run-time ControlNet's default preprocessor, license, tags…; file entries are read-only.
         */
        patch: operations["patch_controlnet_v1_controlnets__controlnet_id__patch"];
        trace?: never;
    };
    "/v1/controlnets/{controlnet_id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Follow a ControlNet's pull
         * @description Progress of a ControlNet's pull as server-sent events, until it is ready, failed or removed.
         */
        get: operations["controlnet_events_v1_controlnets__controlnet_id__events_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/face-restorers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List face restorers
         * @description Face restorers (GFPGAN, CodeFormer) the ``restore_faces`` option can name. Empty when the catalog
         *     lists no ``[[face_restorers]]``; ``restore_faces`` is then refused.
         */
        get: operations["list_face_restorers_v1_face_restorers_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/images": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List your images, newest first
         * @description Every image your jobs made, newest job first (a job's images in their order), one page at a
         *     time (``limit``, then ``cursor`` from ``next_cursor``), each with a fresh signed URL. A job's
         *     parameters, cost and timings: ``GET /v1/jobs/{job_id}``.
         */
        get: operations["list_images_v1_images_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/images/{image_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an image's metadata
         * @description An image's metadata (size, seed, job, content type) and a fresh signed URL to its bytes.
         */
        get: operations["get_image_v1_images__image_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/images/{image_id}/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download an image (signed URL or API key)
         * @description Served to whoever holds a valid signed URL, or to the owning key with a Bearer header.
         */
        get: operations["image_content_v1_images__image_id__content_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/images/{image_id}/converted/{output_format}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An image re-encoded as JPEG or WebP (the URLs of output_format answers)
         * @description The bytes of an image re-encoded as JPEG or WebP (``quality`` 0–100), behind the signed URL an
         *     ``output_format`` answer links to.
         */
        get: operations["converted_v1_images__image_id__converted__output_format__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/images/edits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Edit an image (OpenAI Images API): img2img, or inpainting with a mask
         * @description multipart/form-data with ``image`` (or ``image[]``), ``prompt`` and an optional ``mask`` whose
         *     transparent pixels mark the area to repaint; or JSON with ``images: [{"image_url": …}]``.
         */
        post: operations["edits_v1_images_edits_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/images/generations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create images (OpenAI Images API)
         * @description Waits for the job (up to ``dialect_timeout_s``) and answers OpenAI's ``ImagesResponse``; the
         *     job id is in the ``X-Imagegate-Job-Id`` header (``GET /v1/jobs/{id}`` shows it).
         */
        post: operations["generations_v1_images_generations_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/images/variations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Variations of an image (OpenAI Images API)
         * @description multipart/form-data with ``image``; ``n``, ``size``, ``response_format`` as OpenAI's.
         */
        post: operations["variations_v1_images_variations_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List your jobs, newest first
         * @description Your jobs, newest first, one page at a time (``limit``, then ``cursor`` from ``next_cursor``);
         *     ``status`` filters. Images come as signed URLs.
         */
        get: operations["list_jobs_v1_jobs_get"];
        put?: never;
        /**
         * Create a generation job
         * @description Queue a job and answer at once with 202 and its id, or hold the request up to
         *     ``Prefer: wait=N`` seconds (N ≤ 60) and answer 200 with the finished job.
         */
        post: operations["create_job_v1_jobs_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{job_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a job
         * @description The job as it stands; with ``Prefer: wait=N`` (N ≤ 60) the answer is held until the job ends
         *     or N seconds pass (a long poll: ask again until ``status`` is final).
         */
        get: operations["get_job_v1_jobs__job_id__get"];
        put?: never;
        post?: never;
        /**
         * Cancel a job
         * @description A queued job is canceled at once; a running one stops at its next denoising step.
         */
        delete: operations["cancel_job_v1_jobs__job_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{job_id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Follow a job live
         * @description Stream a job's events until it ends. Only the key that created the job may listen.
         */
        get: operations["job_events_v1_jobs__job_id__events_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List API keys
         * @description Every API key of this server (admin keys only): id, name, prefix, scopes and when it was made or
         *     revoked. Secrets are never shown again.
         */
        get: operations["list_keys_v1_keys_get"];
        put?: never;
        /**
         * Create an API key
         * @description The key itself is in this response only; imagegate keeps just its hash.
         */
        post: operations["create_key_v1_keys_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys/{key_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an API key
         * @description Takes effect on the key's very next request.
         */
        delete: operations["revoke_key_v1_keys__key_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys/{key_id}/policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A key's plan, budgets and policies
         * @description A key's plan, budgets, safety policy and alert webhook as set, with the plan in force (admin keys
         *     only).
         */
        get: operations["get_policy_v1_keys__key_id__policy_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Set a key's plan, budgets, policies
         * @description Only the fields sent change; ``null`` returns a field to the plan's or server's default.
         */
        patch: operations["patch_policy_v1_keys__key_id__policy_patch"];
        trace?: never;
    };
    "/v1/keys/{key_id}/webhook-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate a key's webhook secret
         * @description A new secret signs from now on; the old one also signs for ``webhook_secret_grace_s``
         *     (both signatures are sent), so receivers can switch without missing a delivery.
         */
        post: operations["rotate_webhook_secret_v1_keys__key_id__webhook_secret_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/limits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your plan, quota and budgets right now
         * @description Your plan and what is left of it now: rate limits, today's image quota and the daily/monthly
         *     budgets, with what queued jobs hold reserved.
         */
        get: operations["get_limits_v1_limits_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/loras": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List LoRA adapters
         * @description LoRAs a request can apply to local models of the families they fit (``loras: [{id, weight}]``).
         */
        get: operations["list_loras_v1_loras_get"];
        put?: never;
        /**
         * Add a LoRA
         * @description Add a LoRA (a .safetensors file or folder on the server, a hub repo, or a URL).
         */
        post: operations["add_lora_v1_loras_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/loras/{lora_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a LoRA
         * @description Remove a run-time LoRA and the files pulled for it; requests naming it are refused from then on.
         */
        delete: operations["delete_lora_v1_loras__lora_id__delete"];
        options?: never;
        head?: never;
        /**
         * Change a LoRA
         * @description Change a run-time LoRA's families, trigger words, license, tags…; file entries are read-only.
         */
        patch: operations["patch_lora_v1_loras__lora_id__patch"];
        trace?: never;
    };
    "/v1/loras/{lora_id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Follow a LoRA's pull
         * @description Progress of a LoRA's pull as server-sent events, until it is ready, failed or removed.
         */
        get: operations["lora_events_v1_loras__lora_id__events_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List models
         * @description Every model this server offers: local pipelines, hosted models and routes, with their tasks,
         *     defaults, limits, price, aliases and whether they are loaded; models being pulled too, with
         *     ``status: downloading`` (or ``failed``) and their progress.
         */
        get: operations["list_models_v1_models_get"];
        put?: never;
        /**
         * Add a model
         * @description Add a model from a Hugging Face repo id, an http(s) URL of a .safetensors checkpoint, or a
         *     local path. Its family is read from the weights unless given. A local path is ready at once
         *     (201); a pull answers 202 and the model shows ``status: downloading`` until it is ready.
         */
        post: operations["add_model_v1_models_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/models/{model_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a model
         * @description One model by catalog id or alias (``/v1/models/dall-e-3`` answers the model that alias names).
         */
        get: operations["get_model_v1_models__model_id__get"];
        put?: never;
        post?: never;
        /**
         * Remove a model
         * @description Remove a run-time model (and the files pulled for it; a pull under way stops). Refused (409)
         *     while jobs are queued or running for it, unless ``force=true`` cancels them.
         */
        delete: operations["delete_model_v1_models__model_id__delete"];
        options?: never;
        head?: never;
        /**
         * Change a model
         * @description Change what a run-time model offers (tasks, defaults, limits, price, license, tags…); entries of
         *     the catalog files are read-only (409).
         */
        patch: operations["patch_model_v1_models__model_id__patch"];
        trace?: never;
    };
    "/v1/models/{model_id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Follow a model's pull
         * @description Progress of a pull as server-sent events, until the model is ready, failed or removed.
         */
        get: operations["model_events_v1_models__model_id__events_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/models/{model_id}/load": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Load a model
         * @description Load a model into memory now (it stays until the model cache needs the room); answers once
         *     loaded. 409 while it is still downloading.
         */
        post: operations["load_model_v1_models__model_id__load_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Usage by day, model and key
         * @description Images, cost, errors and latency percentiles from the usage ledger. Days are calendar days
         *     in the server's quota time zone. A key sees its own usage; admin keys see every key's.
         */
        get: operations["get_usage_v1_usage_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/endpoints/disabled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Endpoints disabled by 410 Gone
         * @description Your webhook URLs that answered 410 Gone and receive nothing until enabled again.
         */
        get: operations["disabled_endpoints_v1_webhooks_endpoints_disabled_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/endpoints/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Enable a disabled endpoint again
         * @description New jobs may name it again; messages dropped while it was disabled are not resent.
         */
        post: operations["enable_endpoint_v1_webhooks_endpoints_enable_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The webhook delivery log
         * @description Newest first, each with every attempt (time, HTTP status or error, duration).
         */
        get: operations["list_messages_v1_webhooks_messages_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/messages/{message_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One webhook message
         * @description One webhook message of yours with its payload and every delivery attempt (status, error, duration).
         */
        get: operations["get_message_v1_webhooks_messages__message_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your webhook signing secret
         * @description The ``whsec_…`` secret that signs this key's webhooks (created on first use).
         */
        get: operations["get_secret_v1_webhooks_secret_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * A1111Error
         * @description A1111's error body; a validation error carries FastAPI's ``detail`` list, anything else a message.
         */
        A1111Error: {
            /** Body */
            body: string;
            /**
             * Code
             * @description imagegate's stable error code.
             */
            code: string;
            /** Detail */
            detail: string | components["schemas"]["A1111ErrorDetail"][];
            /**
             * Error
             * @description The error's class name.
             */
            error: string;
            /** Errors */
            errors: string;
        };
        /** A1111ErrorDetail */
        A1111ErrorDetail: {
            /**
             * Loc
             * @description Where the invalid value is: ['body', field, …].
             */
            loc: (string | number)[];
            /** Msg */
            msg: string;
            /** Type */
            type: string;
        };
        /**
         * AnnotatorCreate
         * @description A ControlNet annotator to add: a transformers folder or hub repo (Depth Anything or DPT for
         *     ``depth``, ViTPose for ``pose``) with its config.json and preprocessor_config.json.
         */
        AnnotatorCreate: {
            /** Description */
            description?: string | null;
            /**
             * Id
             * @description The id requests will name.
             */
            id: string;
            /**
             * Kind
             * @description 'depth' serves preprocessor 'depth', 'pose' 'openpose'.
             * @enum {string}
             */
            kind: "depth" | "pose";
            /** License */
            license?: string | null;
            /** Name */
            name?: string | null;
            /**
             * Revision
             * @description Hub: a branch, tag or commit.
             */
            revision?: string | null;
            /**
             * Sha256
             * @description URLs: the file's checksum, verified.
             */
            sha256?: string | null;
            /**
             * Source
             * @description Where the weights are: a Hugging Face repo id (owner/name, pulled with the hub client), an http(s) URL of one .safetensors file (pulled, resumable), or a path on the server (used in place).
             */
            source: string;
            /**
             * Subfolder
             * @description Hub: the folder of the repo that holds the pipeline.
             */
            subfolder?: string | null;
            /** Tags */
            tags?: string[] | null;
        };
        /** AnnotatorList */
        AnnotatorList: {
            /** Data */
            data: components["schemas"]["AnnotatorOut"][];
            /**
             * Object
             * @default list
             * @constant
             */
            object: "list";
        };
        /** AnnotatorOut */
        AnnotatorOut: {
            /**
             * Description
             * @default
             */
            description: string;
            download?: components["schemas"]["DownloadOut"] | null;
            /**
             * Id
             * @description Pass as controlnets[].annotator (the first of a kind serves when none is named).
             */
            id: string;
            /**
             * Kind
             * @description 'depth' serves preprocessor 'depth', 'pose' 'openpose'.
             * @enum {string}
             */
            kind: "depth" | "pose";
            /** License */
            license?: string | null;
            /**
             * Managed
             * @description Added at run time (POST /v1/annotators).
             * @default false
             */
            managed: boolean;
            /** Name */
            name: string;
            /**
             * Object
             * @default annotator
             * @constant
             */
            object: "annotator";
            /**
             * Status
             * @default ready
             * @enum {string}
             */
            status: "ready" | "downloading" | "failed";
            /** Tags */
            tags?: string[];
        };
        /** AnnotatorPatch */
        AnnotatorPatch: {
            /** Description */
            description?: string | null;
            /** License */
            license?: string | null;
            /** Name */
            name?: string | null;
            /** Tags */
            tags?: string[] | null;
        };
        /** AttemptOut */
        AttemptOut: {
            /**
             * At
             * Format: date-time
             */
            at: string;
            /** Attempt */
            attempt: number;
            /** Duration Ms */
            duration_ms: number;
            /** Error */
            error: string | null;
            /** Status Code */
            status_code: number | null;
        };
        /** BudgetOut */
        BudgetOut: {
            /** Budget */
            budget: number | null;
            /**
             * Period
             * @enum {string}
             */
            period: "daily" | "monthly";
            /** Remaining */
            remaining: number | null;
            /**
             * Reserved
             * @description Estimated cost of jobs still queued or running.
             */
            reserved: number;
            /**
             * Resets At
             * Format: date-time
             */
            resets_at: string;
            /** Spent */
            spent: number;
            /** Window */
            window: string;
        };
        /**
         * ControlNetCreate
         * @description A ControlNet to add (a diffusers folder, a hub repo, or a single file with ``config``).
         */
        ControlNetCreate: {
            /** Config */
            config?: string | null;
            /** Description */
            description?: string | null;
            /** @description The model family it steers. */
            family: components["schemas"]["Family"];
            /**
             * Id
             * @description The id requests will name.
             */
            id: string;
            /** License */
            license?: string | null;
            /** Name */
            name?: string | null;
            /** Preprocessor */
            preprocessor?: ("none" | "canny" | "invert" | "depth" | "openpose") | null;
            /**
             * Revision
             * @description Hub: a branch, tag or commit.
             */
            revision?: string | null;
            /**
             * Sha256
             * @description URLs: the file's checksum, verified.
             */
            sha256?: string | null;
            /**
             * Source
             * @description Where the weights are: a Hugging Face repo id (owner/name, pulled with the hub client), an http(s) URL of one .safetensors file (pulled, resumable), or a path on the server (used in place).
             */
            source: string;
            /**
             * Subfolder
             * @description Hub: the folder of the repo that holds the pipeline.
             */
            subfolder?: string | null;
            /** Tags */
            tags?: string[] | null;
            /** Variant */
            variant?: string | null;
        };
        /** ControlNetJob */
        ControlNetJob: {
            /**
             * Cache
             * @description Serve an identical earlier request with the same explicit seed from the result cache (at no cost, within no quota). false always generates anew.
             * @default true
             */
            cache: boolean;
            /**
             * Controlnets
             * @description The ControlNets, applied together.
             */
            controlnets: components["schemas"]["ControlNetUnit"][];
            /**
             * Guidance Scale
             * @description Classifier-free guidance: how strongly to follow the prompt (1 disables it).
             */
            guidance_scale?: number | null;
            /**
             * Height
             * @description Output height in pixels, a multiple of 8. Defaults like width.
             */
            height?: number | null;
            /**
             * Loras
             * @description LoRA adapters to apply, each {id, weight}; they combine. Local models only.
             */
            loras?: components["schemas"]["LoraRef"][];
            /**
             * Model
             * @description Catalog model id (see GET /v1/models). Omit for the server's default model.
             */
            model?: string | null;
            /**
             * Negative Prompt
             * @description What to steer away from.
             */
            negative_prompt?: string | null;
            /**
             * Num Images
             * @description Images to generate in one batch.
             * @default 1
             */
            num_images: number;
            /**
             * Num Inference Steps
             * @description Denoising steps. More is slower and usually finer.
             */
            num_inference_steps?: number | null;
            /**
             * Prompt
             * @description What to draw.
             * @example a red circle on a blue background
             */
            prompt: string;
            /** @description Deliver the images at this size, resized (Lanczos) after generation at width×height. Set for you by a model whose size_policy is 'fit' when a request asks for more than it draws. */
            resize_to?: components["schemas"]["Size"] | null;
            /**
             * Response Format
             * @description Images as signed expiring URLs (default) or inline base64.
             * @default url
             * @enum {string}
             */
            response_format: "url" | "b64_json";
            /** @description Restore the faces in the images afterwards (A1111's restore_faces), e.g. {"visibility": 1}. Needs a face restorer in the catalog (GET /v1/face-restorers). */
            restore_faces?: components["schemas"]["RestoreFacesOption"] | null;
            /**
             * Return Control Image
             * @description Also return each preprocessed control map, after the generated images.
             * @default false
             */
            return_control_image: boolean;
            /**
             * Safety Checker
             * @description false skips the NSFW check of the images, where the key's safety policy allows it.
             */
            safety_checker?: boolean | null;
            /**
             * Scheduler
             * @description Sampler by diffusers class name (EulerAncestralDiscreteScheduler) or A1111 name ('Euler a', 'DPM++ 2M Karras'). Defaults to the model's scheduler.
             */
            scheduler?: string | null;
            /**
             * Seed
             * @description Fixes the random noise; the same seed and parameters give the same bytes on the same machine. Omit for a random seed (it is reported in the result).
             */
            seed?: number | null;
            /**
             * Task
             * @constant
             */
            task: "controlnet";
            /**
             * Tiling
             * @description A seamless image: it tiles without visible edges (circular padding in the model's convolutions). SD 1.x, 2.x and SDXL models.
             * @default false
             */
            tiling: boolean;
            /**
             * Track Id
             * @description Your own reference, echoed in the job and webhooks.
             */
            track_id?: string | null;
            /** @description Upscale the generated images afterwards, e.g. {"scale": 2}. */
            upscale?: components["schemas"]["UpscaleOption"] | null;
            /**
             * Webhook
             * @description An http(s) URL that receives the job's events, signed per the Standard Webhooks spec (headers webhook-id, webhook-timestamp, webhook-signature; secret from GET /v1/webhooks/secret).
             */
            webhook?: string | null;
            /**
             * Webhook Events Filter
             * @description Events to send: started, succeeded, failed, canceled, or completed (the three final ones). Default: completed.
             */
            webhook_events_filter?: string[] | null;
            /**
             * Width
             * @description Output width in pixels, a multiple of 8. Defaults to the model's native width; for tasks that take an image, to the image's width (scaled down to fit the model's limits).
             */
            width?: number | null;
        };
        /** ControlNetList */
        ControlNetList: {
            /** Data */
            data: components["schemas"]["ControlNetOut"][];
            /**
             * Object
             * @default list
             * @constant
             */
            object: "list";
        };
        /** ControlNetOut */
        ControlNetOut: {
            /**
             * Description
             * @default
             */
            description: string;
            download?: components["schemas"]["DownloadOut"] | null;
            /** @description The model family it steers. */
            family: components["schemas"]["Family"];
            /**
             * Id
             * @description Pass as controlnets[].controlnet_model.
             */
            id: string;
            /** License */
            license?: string | null;
            /**
             * Managed
             * @description Added at run time (POST /v1/controlnets).
             * @default false
             */
            managed: boolean;
            /** Name */
            name: string;
            /**
             * Object
             * @default controlnet
             * @constant
             */
            object: "controlnet";
            /**
             * Preprocessor
             * @description Preprocessor used when a request names none.
             * @enum {string}
             */
            preprocessor: "none" | "canny" | "invert" | "depth" | "openpose";
            /**
             * Status
             * @default ready
             * @enum {string}
             */
            status: "ready" | "downloading" | "failed";
            /** Tags */
            tags?: string[];
        };
        /** ControlNetPatch */
        ControlNetPatch: {
            /** Description */
            description?: string | null;
            /** License */
            license?: string | null;
            /** Name */
            name?: string | null;
            /** Preprocessor */
            preprocessor?: ("none" | "canny" | "invert" | "depth" | "openpose") | null;
            /** Tags */
            tags?: string[] | null;
        };
        /**
         * ControlNetUnit
         * @description One ControlNet and the image that steers it.
         */
        ControlNetUnit: {
            /**
             * Annotator
             * @description For 'depth'/'openpose': the annotator id (default: the first).
             */
            annotator?: string | null;
            /**
             * Control Guidance End
             * @description Fraction of steps after which it stops.
             * @default 1
             */
            control_guidance_end: number;
            /**
             * Control Guidance Start
             * @description Fraction of steps before it starts.
             * @default 0
             */
            control_guidance_start: number;
            /**
             * Control Image
             * @description An image (PNG, JPEG or WebP): base64 with or without a data: prefix, an http(s) URL, or blob:<sha256> of an image uploaded before. In multipart requests, a file part of this name.
             */
            control_image: string;
            /**
             * Controlnet Conditioning Scale
             * @description How strongly it steers.
             * @default 1
             */
            controlnet_conditioning_scale: number;
            /**
             * Controlnet Model
             * @description ControlNet id from GET /v1/controlnets.
             */
            controlnet_model: string;
            /**
             * High Threshold
             * @description Canny: upper hysteresis threshold.
             * @default 200
             */
            high_threshold: number;
            /**
             * Low Threshold
             * @description Canny: lower hysteresis threshold.
             * @default 100
             */
            low_threshold: number;
            /**
             * Preprocessor
             * @description Turns control_image into the map the ControlNet reads: 'canny' (edges, OpenCV), 'invert' (black lines on white become white on black), 'depth' (a depth map) and 'openpose' (a pose skeleton) with an annotator of GET /v1/annotators, 'none' (already a map). Defaults to the ControlNet's catalog setting.
             */
            preprocessor?: ("none" | "canny" | "invert" | "depth" | "openpose") | null;
        };
        /**
         * Defaults
         * @description Parameters applied when a request leaves them out.
         */
        Defaults: {
            /**
             * Guidance Scale
             * @default 7
             */
            guidance_scale: number;
            /**
             * Height
             * @default 512
             */
            height: number;
            /** Negative Prompt */
            negative_prompt?: string | null;
            /**
             * Num Inference Steps
             * @default 25
             */
            num_inference_steps: number;
            /** Scheduler */
            scheduler?: string | null;
            /**
             * Width
             * @default 512
             */
            width: number;
        };
        /** Deleted */
        Deleted: {
            /**
             * Canceled Jobs
             * @description Jobs of the model canceled by force=true.
             * @default 0
             */
            canceled_jobs: number;
            /**
             * Deleted
             * @default true
             */
            deleted: boolean;
            /** Id */
            id: string;
            /**
             * Object
             * @enum {string}
             */
            object: "model" | "lora" | "controlnet" | "annotator";
        };
        /** DisabledEndpoint */
        DisabledEndpoint: {
            /**
             * Disabled At
             * Format: date-time
             */
            disabled_at: string;
            /** Reason */
            reason: string;
            /** Url */
            url: string;
        };
        /** DisabledEndpointList */
        DisabledEndpointList: {
            /** Data */
            data: components["schemas"]["DisabledEndpoint"][];
            /**
             * Object
             * @default list
             * @constant
             */
            object: "list";
        };
        /**
         * DownloadOut
         * @description How a pull stands.
         */
        DownloadOut: {
            /** Bytes Done */
            bytes_done: number;
            /** Bytes Total */
            bytes_total?: number | null;
            /**
             * Error
             * @description Why it failed, naming what to fix.
             */
            error?: string | null;
            /**
             * Fraction
             * @description Share done, 0 to 1, once the size is known.
             */
            fraction?: number | null;
            /**
             * Last Used At
             * @description When it was last loaded (the disk budget evicts the least recent).
             */
            last_used_at?: string | null;
            /**
             * Size Bytes
             * @description Disk space its pulled files take.
             * @default 0
             */
            size_bytes: number;
        };
        /** EndpointIn */
        EndpointIn: {
            /** Url */
            url: string;
        };
        /**
         * ExtrasSingleImageBody
         * @description ``POST /sdapi/v1/extra-single-image``: upscale one image.
         */
        ExtrasSingleImageBody: {
            /**
             * Codeformer Visibility
             * @default 0
             */
            codeformer_visibility: number | null;
            /**
             * Codeformer Weight
             * @default 0
             */
            codeformer_weight: number | null;
            /**
             * Extras Upscaler 2 Visibility
             * @default 0
             */
            extras_upscaler_2_visibility: number | null;
            /**
             * Gfpgan Visibility
             * @default 0
             */
            gfpgan_visibility: number | null;
            /**
             * Image
             * @description The image, base64.
             * @default
             */
            image: string;
            /**
             * Resize Mode
             * @default 0
             */
            resize_mode: number | null;
            /**
             * Show Extras Results
             * @default true
             */
            show_extras_results: boolean | null;
            /**
             * Upscale First
             * @default false
             */
            upscale_first: boolean | null;
            /**
             * Upscaler 1
             * @description An upscaler from /sdapi/v1/upscalers.
             */
            upscaler_1?: string | null;
            /**
             * Upscaler 2
             * @default None
             */
            upscaler_2: string | null;
            /**
             * Upscaling Crop
             * @default true
             */
            upscaling_crop: boolean | null;
            /**
             * Upscaling Resize
             * @description 2 or 4.
             * @default 2
             */
            upscaling_resize: number | null;
            /** Upscaling Resize H */
            upscaling_resize_h?: number | null;
            /** Upscaling Resize W */
            upscaling_resize_w?: number | null;
        };
        /** ExtrasSingleImageResponse */
        ExtrasSingleImageResponse: {
            /**
             * Html Info
             * @default
             */
            html_info: string;
            /** Image */
            image?: string | null;
        };
        /** FaceRestorerList */
        FaceRestorerList: {
            /** Data */
            data: components["schemas"]["FaceRestorerOut"][];
            /**
             * Object
             * @default list
             * @constant
             */
            object: "list";
        };
        /** FaceRestorerOut */
        FaceRestorerOut: {
            /** Commercial Use */
            commercial_use?: boolean | null;
            /**
             * Description
             * @default
             */
            description: string;
            /**
             * Id
             * @description Pass as restore_faces.model (the first listed is used when a request names none).
             */
            id: string;
            /** License */
            license?: string | null;
            /** Name */
            name: string;
            /**
             * Object
             * @default face_restorer
             * @constant
             */
            object: "face_restorer";
            /** Tags */
            tags?: string[];
        };
        /**
         * Family
         * @description Model architecture families the diffusers engine knows how to run.
         * @enum {string}
         */
        Family: "sd1" | "sd2" | "sdxl" | "sd3" | "flux";
        /** FieldProblem */
        FieldProblem: {
            /**
             * Field
             * @description A dotted path such as `width` or `loras.0.weight`.
             */
            field: string;
            /** Message */
            message: string;
        };
        /** GenerationResponse */
        GenerationResponse: {
            /**
             * Images
             * @description The images, base64 PNG.
             */
            images: string[];
            /**
             * Info
             * @description A JSON string: seeds, infotexts and the effective parameters.
             */
            info: string;
            /**
             * Parameters
             * @description The request, echoed.
             */
            parameters: {
                [key: string]: unknown;
            };
        };
        /**
         * HiresOption
         * @description A second pass at a larger size (A1111's "hires fix"): the image is drawn at width×height,
         *     enlarged — its latents (``latent``: bilinear, ``latent-bicubic``, ``latent-nearest``) or its pixels
         *     (``lanczos``, ``nearest``) —
         *     and denoised again at the larger size with ``strength``, so it gains detail rather than blur.
         */
        HiresOption: {
            /**
             * Height
             * @description Final height (multiple of 8).
             */
            height?: number | null;
            /** Negative Prompt */
            negative_prompt?: string | null;
            /**
             * Num Inference Steps
             * @description Steps of the second pass (default: those of the first).
             */
            num_inference_steps?: number | null;
            /**
             * Prompt
             * @description Its prompt (default: the same).
             */
            prompt?: string | null;
            /**
             * Scale
             * @description Factor per side, unless width/height are given.
             * @default 2
             */
            scale: number;
            /**
             * Scheduler
             * @description Its sampler (default: the first's).
             */
            scheduler?: string | null;
            /**
             * Strength
             * @description How much the second pass repaints (0–1].
             * @default 0.7
             */
            strength: number;
            /**
             * Upscaler
             * @description How the first pass is enlarged: its latents ('latent', 'latent-bicubic', 'latent-nearest'; SD 1.x/2.x, SDXL) or its pixels ('lanczos', 'nearest', or the id of a local upscaler of the catalog, e.g. a Real-ESRGAN network).
             * @default latent
             */
            upscaler: string;
            /**
             * Width
             * @description Final width (multiple of 8).
             */
            width?: number | null;
        };
        /** HTTPValidationError */
        HTTPValidationError: {
            /** Detail */
            detail?: components["schemas"]["ValidationError"][];
        };
        /** ImageData */
        ImageData: {
            /** B64 Json */
            b64_json?: string | null;
            /** Revised Prompt */
            revised_prompt?: string | null;
            /** Url */
            url?: string | null;
        };
        /**
         * ImageGenerateBody
         * @description ``POST /v1/images/generations``.
         */
        ImageGenerateBody: {
            /**
             * Background
             * @description auto or opaque; transparent backgrounds cannot be generated here.
             */
            background?: ("auto" | "opaque" | "transparent") | null;
            /**
             * Complexity
             * @description Accepted, no effect.
             */
            complexity?: ("low" | "medium" | "high") | null;
            /**
             * Model
             * @description A catalog model id, or an alias from the server's model_aliases (e.g. dall-e-3). Omit for the server's default model.
             */
            model?: string | null;
            /**
             * Moderation
             * @description Accepted; the server's own moderation policy applies.
             */
            moderation?: ("auto" | "low") | null;
            /**
             * N
             * @description How many images (1–10).
             */
            n?: number | null;
            /**
             * Output Compression
             * @description jpeg/webp quality, 0–100.
             */
            output_compression?: number | null;
            /**
             * Output Format
             * @description png (default), jpeg or webp.
             */
            output_format?: ("png" | "jpeg" | "webp") | null;
            /**
             * Partial Images
             * @description Partial images to stream (0–3).
             */
            partial_images?: number | null;
            /**
             * Prompt
             * @description What to draw.
             */
            prompt: string;
            /**
             * Quality
             * @description Trades time for detail: low = half the model's steps, high/hd = 1.5×, xhigh/max = 2×; auto/medium/standard = the model's default.
             */
            quality?: ("auto" | "low" | "medium" | "high" | "xhigh" | "max" | "standard" | "hd") | null;
            /**
             * Response Format
             * @description 'url' (signed, expiring) or 'b64_json'. Defaults to b64_json for gpt-image model names and url otherwise, as OpenAI does.
             */
            response_format?: ("url" | "b64_json") | null;
            /**
             * Safety Identifier
             * @description Accepted, not used.
             */
            safety_identifier?: string | null;
            /**
             * Size
             * @description 'WIDTHxHEIGHT' (multiples of 8) or 'auto' for the model's size.
             */
            size?: string | null;
            /**
             * Stream
             * @description Send server-sent events with partial images.
             */
            stream?: boolean | null;
            /**
             * Style
             * @description Accepted (DALL·E 3 only), no effect.
             */
            style?: ("vivid" | "natural") | null;
            /**
             * User
             * @description End-user id (accepted, not used).
             */
            user?: string | null;
        };
        /** ImageList */
        ImageList: {
            /** Data */
            data: components["schemas"]["ImageMeta"][];
            /** Has More */
            has_more: boolean;
            /**
             * Next Cursor
             * @description Pass as ?cursor= for the next page.
             */
            next_cursor: string | null;
            /**
             * Object
             * @default list
             * @constant
             */
            object: "list";
        };
        /** ImageMeta */
        ImageMeta: {
            /**
             * B64 Json
             * @description The image bytes, base64, when asked for.
             */
            b64_json?: string | null;
            /** Content Type */
            content_type: string;
            /** Created At */
            created_at?: string | null;
            /** Height */
            height: number;
            /**
             * Id
             * @description Image id, img_…
             */
            id: string;
            /**
             * Job Id
             * @description The job that made it: GET /v1/jobs/{job_id} has its parameters, cost, timings.
             */
            job_id: string;
            /**
             * Kind
             * @description 'control' for a ControlNet map returned with return_control_image.
             * @default image
             * @enum {string}
             */
            kind: "image" | "control";
            /**
             * Nsfw Content Detected
             * @default false
             */
            nsfw_content_detected: boolean;
            /**
             * Object
             * @default image
             * @constant
             */
            object: "image";
            /**
             * Seed
             * @description Seed that reproduces this image alone.
             */
            seed: number | null;
            /**
             * Url
             * @description Signed URL; works without the API key until it expires.
             */
            url?: string | null;
            /** Url Expires At */
            url_expires_at?: string | null;
            /** Width */
            width: number;
        };
        /** ImageOut */
        ImageOut: {
            /**
             * B64 Json
             * @description The image bytes, base64, when asked for.
             */
            b64_json?: string | null;
            /** Content Type */
            content_type: string;
            /** Height */
            height: number;
            /**
             * Id
             * @description Image id, img_…
             */
            id: string;
            /**
             * Kind
             * @description 'control' for a ControlNet map returned with return_control_image.
             * @default image
             * @enum {string}
             */
            kind: "image" | "control";
            /**
             * Nsfw Content Detected
             * @default false
             */
            nsfw_content_detected: boolean;
            /**
             * Seed
             * @description Seed that reproduces this image alone.
             */
            seed: number | null;
            /**
             * Url
             * @description Signed URL; works without the API key until it expires.
             */
            url?: string | null;
            /** Url Expires At */
            url_expires_at?: string | null;
            /** Width */
            width: number;
        };
        /** ImagesResponse */
        ImagesResponse: {
            /**
             * Background
             * @default opaque
             * @constant
             */
            background: "opaque";
            /**
             * Created
             * @description Unix seconds when the job was created.
             */
            created: number;
            /** Data */
            data: components["schemas"]["ImageData"][];
            /**
             * Output Format
             * @default png
             * @enum {string}
             */
            output_format: "png" | "jpeg" | "webp";
            /** Quality */
            quality?: string | null;
            /** Size */
            size?: string | null;
            usage?: components["schemas"]["Usage"];
        };
        /**
         * Img2ImgBody
         * @description ``POST /sdapi/v1/img2img``: ``init_images`` (base64), with ``mask`` it inpaints (white = repaint).
         */
        Img2ImgBody: {
            /**
             * Alwayson Scripts
             * @description ControlNet: {"controlnet": {"args": [{"image", "model", "module", "weight"}]}}.
             */
            alwayson_scripts?: {
                [key: string]: unknown;
            } | null;
            /**
             * Batch Size
             * @description Images per batch.
             * @default 1
             */
            batch_size: number | null;
            /**
             * Cfg Scale
             * @description Guidance scale; omit for the model's default.
             */
            cfg_scale?: number | null;
            /**
             * Denoising Strength
             * @description How much to change the image (0–1].
             * @default 0.75
             */
            denoising_strength: number | null;
            /** Do Not Save Grid */
            do_not_save_grid?: boolean | null;
            /** Do Not Save Samples */
            do_not_save_samples?: boolean | null;
            /**
             * Enable Hr
             * @default false
             */
            enable_hr: boolean | null;
            /** Force Task Id */
            force_task_id?: string | null;
            /** Height */
            height?: number | null;
            /**
             * Hr Negative Prompt
             * @default
             */
            hr_negative_prompt: string | null;
            /**
             * Hr Prompt
             * @default
             */
            hr_prompt: string | null;
            /**
             * Hr Resize X
             * @description Final width instead of hr_scale (0: unused).
             * @default 0
             */
            hr_resize_x: number | null;
            /**
             * Hr Resize Y
             * @description Final height instead of hr_scale (0: unused).
             * @default 0
             */
            hr_resize_y: number | null;
            /** Hr Sampler Name */
            hr_sampler_name?: string | null;
            /**
             * Hr Scale
             * @description Hires fix: factor per side (with enable_hr).
             * @default 2
             */
            hr_scale: number | null;
            /** Hr Scheduler */
            hr_scheduler?: string | null;
            /**
             * Hr Second Pass Steps
             * @description 0: as many as the first pass.
             * @default 0
             */
            hr_second_pass_steps: number | null;
            /**
             * Hr Upscaler
             * @description Latent (default), Latent (nearest), Lanczos, Nearest.
             */
            hr_upscaler?: string | null;
            /** Image Cfg Scale */
            image_cfg_scale?: number | null;
            /**
             * Include Init Images
             * @default false
             */
            include_init_images: boolean | null;
            /** Infotext */
            infotext?: string | null;
            /** Init Images */
            init_images?: string[] | null;
            /** Initial Noise Multiplier */
            initial_noise_multiplier?: number | null;
            /** Inpaint Full Res */
            inpaint_full_res?: boolean | number | null;
            /** Inpaint Full Res Padding */
            inpaint_full_res_padding?: number | null;
            /** Inpainting Fill */
            inpainting_fill?: number | null;
            /**
             * Inpainting Mask Invert
             * @default 0
             */
            inpainting_mask_invert: number | null;
            /** Mask */
            mask?: string | null;
            /** Mask Blur */
            mask_blur?: number | null;
            /** Mask Blur X */
            mask_blur_x?: number | null;
            /** Mask Blur Y */
            mask_blur_y?: number | null;
            /**
             * N Iter
             * @description Batches; images = batch_size × n_iter.
             * @default 1
             */
            n_iter: number | null;
            /**
             * Negative Prompt
             * @default
             */
            negative_prompt: string | null;
            /**
             * Override Settings
             * @description Only sd_model_checkpoint (a model from /sdapi/v1/sd-models) changes anything.
             */
            override_settings?: {
                [key: string]: unknown;
            } | null;
            /**
             * Override Settings Restore Afterwards
             * @default true
             */
            override_settings_restore_afterwards: boolean | null;
            /**
             * Prompt
             * @description What to draw; <lora:name:weight> tags select LoRAs.
             * @default
             */
            prompt: string;
            /**
             * Resize Mode
             * @default 0
             */
            resize_mode: number | null;
            /** Restore Faces */
            restore_faces?: boolean | null;
            /**
             * Sampler Index
             * @description Older name of sampler_name.
             */
            sampler_index?: string | null;
            /**
             * Sampler Name
             * @description e.g. 'Euler a', 'DPM++ 2M' (see /sdapi/v1/samplers).
             */
            sampler_name?: string | null;
            /**
             * Save Images
             * @default false
             */
            save_images: boolean | null;
            /**
             * Scheduler
             * @description Schedule type: Automatic or Karras.
             */
            scheduler?: string | null;
            /** Script Args */
            script_args?: unknown[] | null;
            /** Script Name */
            script_name?: string | null;
            /**
             * Seed
             * @description -1 for a random seed; image i uses seed + i.
             * @default -1
             */
            seed: number | null;
            /**
             * Seed Resize From H
             * @default -1
             */
            seed_resize_from_h: number | null;
            /**
             * Seed Resize From W
             * @default -1
             */
            seed_resize_from_w: number | null;
            /**
             * Send Images
             * @default true
             */
            send_images: boolean | null;
            /**
             * Steps
             * @description Sampling steps; omit for the model's default.
             */
            steps?: number | null;
            /** Styles */
            styles?: string[] | null;
            /**
             * Subseed
             * @default -1
             */
            subseed: number | null;
            /**
             * Subseed Strength
             * @default 0
             */
            subseed_strength: number | null;
            /** Tiling */
            tiling?: boolean | null;
            /** Width */
            width?: number | null;
        };
        /** Img2ImgJob */
        Img2ImgJob: {
            /**
             * Cache
             * @description Serve an identical earlier request with the same explicit seed from the result cache (at no cost, within no quota). false always generates anew.
             * @default true
             */
            cache: boolean;
            /**
             * Guidance Scale
             * @description Classifier-free guidance: how strongly to follow the prompt (1 disables it).
             */
            guidance_scale?: number | null;
            /**
             * Height
             * @description Output height in pixels, a multiple of 8. Defaults like width.
             */
            height?: number | null;
            /**
             * Init Image
             * @description An image (PNG, JPEG or WebP): base64 with or without a data: prefix, an http(s) URL, or blob:<sha256> of an image uploaded before. In multipart requests, a file part of this name.
             */
            init_image: string;
            /**
             * Loras
             * @description LoRA adapters to apply, each {id, weight}; they combine. Local models only.
             */
            loras?: components["schemas"]["LoraRef"][];
            /**
             * Model
             * @description Catalog model id (see GET /v1/models). Omit for the server's default model.
             */
            model?: string | null;
            /**
             * Negative Prompt
             * @description What to steer away from.
             */
            negative_prompt?: string | null;
            /**
             * Num Images
             * @description Images to generate in one batch.
             * @default 1
             */
            num_images: number;
            /**
             * Num Inference Steps
             * @description Denoising steps. More is slower and usually finer.
             */
            num_inference_steps?: number | null;
            /**
             * Prompt
             * @description What to draw; may be empty: the image alone then guides the result.
             * @default
             */
            prompt: string;
            /** @description Deliver the images at this size, resized (Lanczos) after generation at width×height. Set for you by a model whose size_policy is 'fit' when a request asks for more than it draws. */
            resize_to?: components["schemas"]["Size"] | null;
            /**
             * Response Format
             * @description Images as signed expiring URLs (default) or inline base64.
             * @default url
             * @enum {string}
             */
            response_format: "url" | "b64_json";
            /** @description Restore the faces in the images afterwards (A1111's restore_faces), e.g. {"visibility": 1}. Needs a face restorer in the catalog (GET /v1/face-restorers). */
            restore_faces?: components["schemas"]["RestoreFacesOption"] | null;
            /**
             * Safety Checker
             * @description false skips the NSFW check of the images, where the key's safety policy allows it.
             */
            safety_checker?: boolean | null;
            /**
             * Scheduler
             * @description Sampler by diffusers class name (EulerAncestralDiscreteScheduler) or A1111 name ('Euler a', 'DPM++ 2M Karras'). Defaults to the model's scheduler.
             */
            scheduler?: string | null;
            /**
             * Seed
             * @description Fixes the random noise; the same seed and parameters give the same bytes on the same machine. Omit for a random seed (it is reported in the result).
             */
            seed?: number | null;
            /**
             * Strength
             * @description How much to change the input, in (0, 1]: 1 ignores it. Runs about strength × num_inference_steps steps.
             * @default 0.8
             */
            strength: number;
            /**
             * Task
             * @constant
             */
            task: "img2img";
            /** @description Enlarge, then repaint tile by tile (A1111's SD upscale), e.g. {"scale": 2}. */
            tiled_upscale?: components["schemas"]["TiledUpscaleOption"] | null;
            /**
             * Tiling
             * @description A seamless image: it tiles without visible edges (circular padding in the model's convolutions). SD 1.x, 2.x and SDXL models.
             * @default false
             */
            tiling: boolean;
            /**
             * Track Id
             * @description Your own reference, echoed in the job and webhooks.
             */
            track_id?: string | null;
            /** @description Upscale the generated images afterwards, e.g. {"scale": 2}. */
            upscale?: components["schemas"]["UpscaleOption"] | null;
            /**
             * Webhook
             * @description An http(s) URL that receives the job's events, signed per the Standard Webhooks spec (headers webhook-id, webhook-timestamp, webhook-signature; secret from GET /v1/webhooks/secret).
             */
            webhook?: string | null;
            /**
             * Webhook Events Filter
             * @description Events to send: started, succeeded, failed, canceled, or completed (the three final ones). Default: completed.
             */
            webhook_events_filter?: string[] | null;
            /**
             * Width
             * @description Output width in pixels, a multiple of 8. Defaults to the model's native width; for tasks that take an image, to the image's width (scaled down to fit the model's limits).
             */
            width?: number | null;
        };
        /** InpaintJob */
        InpaintJob: {
            /**
             * Cache
             * @description Serve an identical earlier request with the same explicit seed from the result cache (at no cost, within no quota). false always generates anew.
             * @default true
             */
            cache: boolean;
            /**
             * Guidance Scale
             * @description Classifier-free guidance: how strongly to follow the prompt (1 disables it).
             */
            guidance_scale?: number | null;
            /**
             * Height
             * @description Output height in pixels, a multiple of 8. Defaults like width.
             */
            height?: number | null;
            /**
             * Init Image
             * @description An image (PNG, JPEG or WebP): base64 with or without a data: prefix, an http(s) URL, or blob:<sha256> of an image uploaded before. In multipart requests, a file part of this name.
             */
            init_image: string;
            /**
             * Invert Mask
             * @description Repaint the black part of mask_image instead (A1111's inpainting_mask_invert). The mask is inverted when the job is admitted: the job's parameters then show the inverted mask.
             * @default false
             */
            invert_mask: boolean;
            /**
             * Loras
             * @description LoRA adapters to apply, each {id, weight}; they combine. Local models only.
             */
            loras?: components["schemas"]["LoraRef"][];
            /**
             * Mask Blur
             * @description Feathers the edge of the repainted area over this many pixels, inside the mask only.
             * @default 4
             */
            mask_blur: number;
            /**
             * Mask Image
             * @description White = repaint, black = keep (grey = in between); the same size as init_image. Transparent pixels of the mask count as black. Omit it to repaint the transparent pixels of init_image.
             */
            mask_image?: string | null;
            /**
             * Masked Content
             * @description What the repainted area starts from (A1111's inpainting_fill): 'original' (the image), 'fill' (the surrounding colours flowed in and blurred), 'latent_noise' (random colours: drawn afresh), 'latent_nothing' (flat grey). Matters most below strength 1.
             * @default original
             * @enum {string}
             */
            masked_content: "original" | "fill" | "latent_noise" | "latent_nothing";
            /**
             * Model
             * @description Catalog model id (see GET /v1/models). Omit for the server's default model.
             */
            model?: string | null;
            /**
             * Negative Prompt
             * @description What to steer away from.
             */
            negative_prompt?: string | null;
            /**
             * Num Images
             * @description Images to generate in one batch.
             * @default 1
             */
            num_images: number;
            /**
             * Num Inference Steps
             * @description Denoising steps. More is slower and usually finer.
             */
            num_inference_steps?: number | null;
            /**
             * Padding Mask Crop
             * @description Repaint at full resolution around the mask only (A1111's inpaint_full_res): the region holding the mask, widened by this many pixels, is cut out, repainted at width×height and put back.
             */
            padding_mask_crop?: number | null;
            /**
             * Prompt
             * @description What to draw; may be empty: the image alone then guides the result.
             * @default
             */
            prompt: string;
            /** @description Deliver the images at this size, resized (Lanczos) after generation at width×height. Set for you by a model whose size_policy is 'fit' when a request asks for more than it draws. */
            resize_to?: components["schemas"]["Size"] | null;
            /**
             * Response Format
             * @description Images as signed expiring URLs (default) or inline base64.
             * @default url
             * @enum {string}
             */
            response_format: "url" | "b64_json";
            /** @description Restore the faces in the images afterwards (A1111's restore_faces), e.g. {"visibility": 1}. Needs a face restorer in the catalog (GET /v1/face-restorers). */
            restore_faces?: components["schemas"]["RestoreFacesOption"] | null;
            /**
             * Safety Checker
             * @description false skips the NSFW check of the images, where the key's safety policy allows it.
             */
            safety_checker?: boolean | null;
            /**
             * Scheduler
             * @description Sampler by diffusers class name (EulerAncestralDiscreteScheduler) or A1111 name ('Euler a', 'DPM++ 2M Karras'). Defaults to the model's scheduler.
             */
            scheduler?: string | null;
            /**
             * Seed
             * @description Fixes the random noise; the same seed and parameters give the same bytes on the same machine. Omit for a random seed (it is reported in the result).
             */
            seed?: number | null;
            /**
             * Strength
             * @description How much to change the masked area, in (0, 1].
             * @default 1
             */
            strength: number;
            /**
             * Task
             * @constant
             */
            task: "inpaint";
            /**
             * Tiling
             * @description A seamless image: it tiles without visible edges (circular padding in the model's convolutions). SD 1.x, 2.x and SDXL models.
             * @default false
             */
            tiling: boolean;
            /**
             * Track Id
             * @description Your own reference, echoed in the job and webhooks.
             */
            track_id?: string | null;
            /** @description Upscale the generated images afterwards, e.g. {"scale": 2}. */
            upscale?: components["schemas"]["UpscaleOption"] | null;
            /**
             * Webhook
             * @description An http(s) URL that receives the job's events, signed per the Standard Webhooks spec (headers webhook-id, webhook-timestamp, webhook-signature; secret from GET /v1/webhooks/secret).
             */
            webhook?: string | null;
            /**
             * Webhook Events Filter
             * @description Events to send: started, succeeded, failed, canceled, or completed (the three final ones). Default: completed.
             */
            webhook_events_filter?: string[] | null;
            /**
             * Width
             * @description Output width in pixels, a multiple of 8. Defaults to the model's native width; for tasks that take an image, to the image's width (scaled down to fit the model's limits).
             */
            width?: number | null;
        };
        /** JobError */
        JobError: {
            /**
             * Code
             * @description Stable machine-readable error code.
             */
            code: string;
            /** Message */
            message: string;
            /**
             * Provider
             * @description The hosted provider the failure came from, if any.
             */
            provider?: string | null;
            /**
             * Retry After
             * @description Seconds after which trying again may succeed.
             */
            retry_after?: number | null;
            /**
             * Status
             * @description The HTTP status this failure maps to (e.g. 429, 502).
             */
            status?: number | null;
        };
        /** JobLinks */
        JobLinks: {
            /** Cancel */
            cancel: string;
            /** Events */
            events: string;
            /** Self */
            self: string;
        };
        /** JobList */
        JobList: {
            /** Data */
            data: components["schemas"]["JobOut"][];
            /** Has More */
            has_more: boolean;
            /**
             * Next Cursor
             * @description Pass as ?cursor= for the next page.
             */
            next_cursor: string | null;
            /**
             * Object
             * @default list
             * @constant
             */
            object: "list";
        };
        /** JobOut */
        JobOut: {
            /** Attempts */
            attempts: number;
            /**
             * Cached
             * @description Served from the result cache: no compute, no cost.
             * @default false
             */
            cached: boolean;
            /** Cost */
            cost?: number | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Currency */
            currency?: string | null;
            error?: components["schemas"]["JobError"] | null;
            /**
             * Eta S
             * @description Estimated seconds until done, when known.
             */
            eta_s?: number | null;
            /** Finished At */
            finished_at?: string | null;
            /**
             * Id
             * @description Job id, job_…
             */
            id: string;
            /** Images */
            images?: components["schemas"]["ImageOut"][];
            /**
             * Info
             * @description What the engine reports: seed, scheduler and pipeline used, LoRAs and ControlNets (and which were loaded for this job), model load time, upscaler, …
             */
            info?: {
                [key: string]: unknown;
            };
            links: components["schemas"]["JobLinks"];
            /** Model */
            model: string;
            /**
             * Object
             * @default job
             * @constant
             */
            object: "job";
            /**
             * Params
             * @description The effective parameters, defaults filled in.
             */
            params: {
                [key: string]: unknown;
            };
            progress: components["schemas"]["Progress"];
            /**
             * Queue Position
             * @description Jobs ahead of this one (queued only).
             */
            queue_position?: number | null;
            /**
             * Routing
             * @description For routes: every target tried or skipped, in order.
             */
            routing?: components["schemas"]["TargetAttempt"][];
            /** Seeds */
            seeds?: number[];
            /**
             * Served By
             * @description The catalog model that made the images (for a route, the target that served it).
             */
            served_by?: string | null;
            /** Started At */
            started_at?: string | null;
            status: components["schemas"]["JobStatus"];
            task: components["schemas"]["Task"];
            timings: components["schemas"]["Timings"];
            /**
             * Track Id
             * @description The track_id given at creation.
             */
            track_id?: string | null;
            /** Warnings */
            warnings?: string[];
        };
        /**
         * JobStatus
         * @enum {string}
         */
        JobStatus: "queued" | "running" | "succeeded" | "failed" | "canceled";
        /** KeyCreate */
        KeyCreate: {
            /**
             * Name
             * @description A label, e.g. the app that uses the key.
             */
            name: string;
            /** Scopes */
            scopes?: components["schemas"]["Scope"][];
        };
        /** KeyCreated */
        KeyCreated: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Id */
            id: string;
            /**
             * Key
             * @description The API key. Shown only in this response; store it now.
             */
            key: string;
            /** Name */
            name: string;
            /**
             * Object
             * @default api_key
             * @constant
             */
            object: "api_key";
            /**
             * Prefix
             * @description The first characters of the key, to recognise it.
             */
            prefix: string;
            /** Revoked At */
            revoked_at?: string | null;
            /** Scopes */
            scopes: components["schemas"]["Scope"][];
        };
        /** KeyList */
        KeyList: {
            /** Data */
            data: components["schemas"]["KeyOut"][];
            /**
             * Object
             * @default list
             * @constant
             */
            object: "list";
        };
        /** KeyOut */
        KeyOut: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Id */
            id: string;
            /** Name */
            name: string;
            /**
             * Object
             * @default api_key
             * @constant
             */
            object: "api_key";
            /**
             * Prefix
             * @description The first characters of the key, to recognise it.
             */
            prefix: string;
            /** Revoked At */
            revoked_at?: string | null;
            /** Scopes */
            scopes: components["schemas"]["Scope"][];
        };
        /** KeyPolicyOut */
        KeyPolicyOut: {
            /** Alert Webhook */
            alert_webhook: string | null;
            /** Budget Daily */
            budget_daily: number | null;
            /** Budget Monthly */
            budget_monthly: number | null;
            /** Key Id */
            key_id: string;
            limits: components["schemas"]["Plan"];
            /**
             * Object
             * @default key_policy
             * @constant
             */
            object: "key_policy";
            /**
             * Plan
             * @description The plan in force (the default plan when none is set).
             */
            plan: string;
            /**
             * Plan Set
             * @description Whether the plan was set for this key explicitly.
             */
            plan_set: boolean;
            safety: components["schemas"]["SafetyPolicy"];
            /** Updated At */
            updated_at: string | null;
            /** Webhook Secret Set */
            webhook_secret_set: boolean;
        };
        /**
         * KeyPolicyPatch
         * @description Fields present are set; ``null`` puts one back to the plan's or the server's default.
         */
        KeyPolicyPatch: {
            /**
             * Alert Webhook
             * @description URL that receives budget.alert events at 80 % and 100 %.
             */
            alert_webhook?: string | null;
            /**
             * Budget Daily
             * @description Spend cap per calendar day (currency units).
             */
            budget_daily?: number | null;
            /**
             * Budget Monthly
             * @description Spend cap per calendar month.
             */
            budget_monthly?: number | null;
            /**
             * Plan
             * @description A plan name from the config.
             */
            plan?: string | null;
            /** @description NSFW action, threshold, whether it may be off. */
            safety?: components["schemas"]["SafetyPolicy"] | null;
        };
        /**
         * Limits
         * @description Bounds a request for this model must stay within.
         */
        Limits: {
            /**
             * Max Height
             * @default 2048
             */
            max_height: number;
            /**
             * Max Num Images
             * @default 4
             */
            max_num_images: number;
            /**
             * Max Pixels
             * @description Cap on width×height.
             */
            max_pixels?: number | null;
            /**
             * Max Steps
             * @default 150
             */
            max_steps: number;
            /**
             * Max Width
             * @default 2048
             */
            max_width: number;
        };
        /** LimitsOut */
        LimitsOut: {
            /** Active Jobs */
            active_jobs: number;
            /** Budgets */
            budgets: components["schemas"]["BudgetOut"][];
            /** Key Id */
            key_id: string;
            limits: components["schemas"]["Plan"];
            /** Max Active Jobs */
            max_active_jobs: number;
            /**
             * Object
             * @default limits
             * @constant
             */
            object: "limits";
            /** Plan */
            plan: string;
            quota: components["schemas"]["QuotaOut"];
            /** Timezone */
            timezone: string;
        };
        /**
         * LoraCreate
         * @description A LoRA to add (a .safetensors file, a folder holding one, a hub repo or a URL).
         */
        LoraCreate: {
            /** Description */
            description?: string | null;
            /**
             * Families
             * @description Model families it was trained for.
             */
            families: components["schemas"]["Family"][];
            /**
             * Id
             * @description The id requests will name.
             */
            id: string;
            /** License */
            license?: string | null;
            /** Name */
            name?: string | null;
            /**
             * Revision
             * @description Hub: a branch, tag or commit.
             */
            revision?: string | null;
            /**
             * Sha256
             * @description URLs: the file's checksum, verified.
             */
            sha256?: string | null;
            /**
             * Source
             * @description Where the weights are: a Hugging Face repo id (owner/name, pulled with the hub client), an http(s) URL of one .safetensors file (pulled, resumable), or a path on the server (used in place).
             */
            source: string;
            /**
             * Subfolder
             * @description Hub: the folder of the repo that holds the pipeline.
             */
            subfolder?: string | null;
            /** Tags */
            tags?: string[] | null;
            /** Trigger Words */
            trigger_words?: string[] | null;
            /**
             * Weight Name
             * @description The file, when there are several.
             */
            weight_name?: string | null;
        };
        /** LoraItem */
        LoraItem: {
            /** Alias */
            alias: string;
            /** Metadata */
            metadata?: {
                [key: string]: unknown;
            };
            /** Name */
            name: string;
            /** Path */
            path?: string | null;
        };
        /** LoraList */
        LoraList: {
            /** Data */
            data: components["schemas"]["LoraOut"][];
            /**
             * Object
             * @default list
             * @constant
             */
            object: "list";
        };
        /** LoraOut */
        LoraOut: {
            /**
             * Description
             * @default
             */
            description: string;
            download?: components["schemas"]["DownloadOut"] | null;
            /**
             * Families
             * @description Model families it fits; other models refuse it.
             */
            families: components["schemas"]["Family"][];
            /**
             * Id
             * @description Pass as loras[].id.
             */
            id: string;
            /** License */
            license?: string | null;
            /**
             * Managed
             * @description Added at run time (POST /v1/loras).
             * @default false
             */
            managed: boolean;
            /** Name */
            name: string;
            /**
             * Object
             * @default lora
             * @constant
             */
            object: "lora";
            /**
             * Status
             * @default ready
             * @enum {string}
             */
            status: "ready" | "downloading" | "failed";
            /** Tags */
            tags?: string[];
            /**
             * Trigger Words
             * @description Words the LoRA responds to in prompts.
             */
            trigger_words?: string[];
        };
        /** LoraPatch */
        LoraPatch: {
            /** Description */
            description?: string | null;
            /** Families */
            families?: components["schemas"]["Family"][] | null;
            /** License */
            license?: string | null;
            /** Name */
            name?: string | null;
            /** Tags */
            tags?: string[] | null;
            /** Trigger Words */
            trigger_words?: string[] | null;
        };
        /**
         * LoraRef
         * @description One LoRA adapter applied to a local model for this request.
         */
        LoraRef: {
            /**
             * Id
             * @description LoRA id from GET /v1/loras.
             */
            id: string;
            /**
             * Weight
             * @description Strength: 1 is full strength, 0 turns it off (the base model's output), negative inverts it.
             * @default 1
             */
            weight: number;
        };
        /**
         * ModelCreate
         * @description A model to add: used in place (a local path) or pulled (a hub repo, a URL).
         */
        ModelCreate: {
            /** Call Kwargs */
            call_kwargs?: {
                [key: string]: number | string | boolean;
            } | null;
            /** Commercial Use */
            commercial_use?: boolean | null;
            /**
             * Compile
             * @description torch.compile the denoiser and VAE decoder at load.
             */
            compile?: boolean | null;
            /** Compile Mode */
            compile_mode?: ("default" | "reduce-overhead" | "max-autotune" | "max-autotune-no-cudagraphs") | null;
            /**
             * Config
             * @description Single files: a diffusers folder or repo id holding the component configs.
             */
            config?: string | null;
            defaults?: components["schemas"]["Defaults"] | null;
            /** Description */
            description?: string | null;
            /**
             * Dtype
             * @description Weights' precision (default: the family's for the device).
             */
            dtype?: ("float32" | "float16" | "bfloat16") | null;
            /** @description Detected from the weights when omitted. */
            family?: components["schemas"]["Family"] | null;
            /**
             * Id
             * @description The id requests will name.
             */
            id: string;
            /** License */
            license?: string | null;
            limits?: components["schemas"]["Limits"] | null;
            /**
             * Max Batch Size
             * @description Images one pipeline call may make for compatible jobs together (default: the server's max_batch_size).
             */
            max_batch_size?: number | null;
            /** Name */
            name?: string | null;
            /**
             * Offload
             * @description CPU offload for small GPUs: per component ('model') or per layer.
             */
            offload?: ("none" | "model" | "sequential") | null;
            price?: components["schemas"]["Price"] | null;
            /**
             * Revision
             * @description Hub: a branch, tag or commit.
             */
            revision?: string | null;
            /**
             * Sha256
             * @description URLs: the file's checksum, verified.
             */
            sha256?: string | null;
            /** Size Policy */
            size_policy?: ("refuse" | "fit") | null;
            /**
             * Source
             * @description Where the weights are: a Hugging Face repo id (owner/name, pulled with the hub client), an http(s) URL of one .safetensors file (pulled, resumable), or a path on the server (used in place).
             */
            source: string;
            /**
             * Subfolder
             * @description Hub: the folder of the repo that holds the pipeline.
             */
            subfolder?: string | null;
            /** Tags */
            tags?: string[] | null;
            /**
             * Tasks
             * @description What it may do (default: txt2img).
             */
            tasks?: components["schemas"]["Task"][] | null;
            /**
             * Vae Upcast
             * @description SDXL in float16: decode with a float32 VAE.
             */
            vae_upcast?: boolean | null;
            /**
             * Variant
             * @description Hub: weights variant, e.g. fp16.
             */
            variant?: string | null;
        };
        /** ModelList */
        ModelList: {
            /** Data */
            data: components["schemas"]["ModelOut"][];
            /**
             * Object
             * @default list
             * @constant
             */
            object: "list";
        };
        /**
         * ModelOut
         * @description A superset of OpenAI's model object.
         */
        ModelOut: {
            /**
             * Aliases
             * @description Other names it answers to (e.g. the ids third-party clients send).
             */
            aliases?: string[];
            /**
             * Capabilities
             * @description Tasks and parameters it takes, and how width/height map to its sizes.
             */
            capabilities?: {
                [key: string]: unknown;
            } | null;
            /** Commercial Use */
            commercial_use?: boolean | null;
            /** Created */
            created: number;
            /**
             * Default
             * @default false
             */
            default: boolean;
            /** Defaults */
            defaults: {
                [key: string]: unknown;
            };
            /**
             * Description
             * @default
             */
            description: string;
            /** @description How its pull stands (pulled models only). */
            download?: components["schemas"]["DownloadOut"] | null;
            /** Engine */
            engine: string;
            /** Family */
            family?: string | null;
            /** Id */
            id: string;
            /**
             * Kind
             * @description Where it runs: this server, a hosted provider, or a route over several models.
             * @default local
             * @enum {string}
             */
            kind: "local" | "remote" | "route";
            /** License */
            license?: string | null;
            /** Limits */
            limits: {
                [key: string]: unknown;
            };
            /**
             * Loaded
             * @default false
             */
            loaded: boolean;
            /**
             * Managed
             * @description Added at run time (POST /v1/models): PATCH and DELETE apply; file entries are read-only.
             * @default false
             */
            managed: boolean;
            /**
             * Max Batch Size
             * @description Local models: images one pipeline call may make for compatible jobs (dynamic batching; 1: none).
             */
            max_batch_size?: number | null;
            /** Name */
            name?: string | null;
            /**
             * Object
             * @default model
             * @constant
             */
            object: "model";
            /** Owned By */
            owned_by: string;
            /** Price */
            price: {
                [key: string]: unknown;
            };
            /**
             * Provider
             * @description Hosted models: the provider, its model name and whether credentials are set.
             */
            provider?: {
                [key: string]: unknown;
            } | null;
            /**
             * Route
             * @description Routes: targets (with prices and health), strategy and fallback policy.
             */
            route?: {
                [key: string]: unknown;
            } | null;
            /** Schedulers */
            schedulers?: string[] | null;
            /**
             * Size Policy
             * @description A size past its limits: refused, or generated at its native size and resized to the size asked (the job's parameters then show width/height generated and resize_to).
             * @default refuse
             * @enum {string}
             */
            size_policy: "refuse" | "fit";
            /**
             * Status
             * @description Whether it can serve: models being pulled are 'downloading' until ready.
             * @default ready
             * @enum {string}
             */
            status: "ready" | "downloading" | "failed";
            /** Tags */
            tags: string[];
            /** Tasks */
            tasks: components["schemas"]["Task"][];
        };
        /**
         * ModelPatch
         * @description What may change on a model added at run time (not its id or source).
         */
        ModelPatch: {
            /** Call Kwargs */
            call_kwargs?: {
                [key: string]: number | string | boolean;
            } | null;
            /** Commercial Use */
            commercial_use?: boolean | null;
            defaults?: components["schemas"]["Defaults"] | null;
            /** Description */
            description?: string | null;
            family?: components["schemas"]["Family"] | null;
            /** License */
            license?: string | null;
            limits?: components["schemas"]["Limits"] | null;
            /**
             * Max Batch Size
             * @description Images one pipeline call may make for compatible jobs together (default: the server's max_batch_size).
             */
            max_batch_size?: number | null;
            /** Name */
            name?: string | null;
            price?: components["schemas"]["Price"] | null;
            /** Size Policy */
            size_policy?: ("refuse" | "fit") | null;
            /** Tags */
            tags?: string[] | null;
            /** Tasks */
            tasks?: components["schemas"]["Task"][] | null;
        };
        /**
         * ModelslabError
         * @description ModelsLab's error envelope (old clients read ``messege``, newer ones ``message``).
         */
        ModelslabError: {
            /**
             * Code
             * @description imagegate's stable error code.
             */
            code: string;
            /** Message */
            message: string;
            /** Messege */
            messege: string;
            /**
             * Retry After
             * @description Seconds to wait (on 429).
             * @default null
             */
            retry_after: number | null;
            /**
             * Status
             * @constant
             */
            status: "error";
        };
        /**
         * OpenAIError
         * @description OpenAI's error envelope: its SDKs raise their usual exception classes from it.
         */
        OpenAIError: {
            error: components["schemas"]["OpenAIErrorObject"];
        };
        /** OpenAIErrorObject */
        OpenAIErrorObject: {
            /**
             * Code
             * @description imagegate's stable error code.
             * @default null
             */
            code: string | null;
            /**
             * Message
             * @description What went wrong, for a person.
             */
            message: string;
            /**
             * Param
             * @description The request field at fault, when one is.
             * @default null
             */
            param: string | null;
            /**
             * Type
             * @description invalid_request_error, rate_limit_error or server_error.
             */
            type: string;
        };
        /** OutpaintJob */
        OutpaintJob: {
            /**
             * Anchor
             * @description Where the original sits on a canvas given by width/height or aspect_ratio.
             * @default center
             * @enum {string}
             */
            anchor: "center" | "top" | "bottom" | "left" | "right" | "top_left" | "top_right" | "bottom_left" | "bottom_right";
            /**
             * Aspect Ratio
             * @description Extend to this width:height ratio, e.g. '16:9'; only the short side grows.
             */
            aspect_ratio?: string | null;
            /**
             * Bottom
             * @description Pixels to add at the bottom.
             * @default 0
             */
            bottom: number;
            /**
             * Cache
             * @description Serve an identical earlier request with the same explicit seed from the result cache (at no cost, within no quota). false always generates anew.
             * @default true
             */
            cache: boolean;
            /**
             * Guidance Scale
             * @description Classifier-free guidance: how strongly to follow the prompt (1 disables it).
             */
            guidance_scale?: number | null;
            /**
             * Height
             * @description Output height in pixels, a multiple of 8. Defaults like width.
             */
            height?: number | null;
            /**
             * Init Image
             * @description An image (PNG, JPEG or WebP): base64 with or without a data: prefix, an http(s) URL, or blob:<sha256> of an image uploaded before. In multipart requests, a file part of this name.
             */
            init_image: string;
            /**
             * Left
             * @description Pixels to add on the left.
             * @default 0
             */
            left: number;
            /**
             * Loras
             * @description LoRA adapters to apply, each {id, weight}; they combine. Local models only.
             */
            loras?: components["schemas"]["LoraRef"][];
            /**
             * Mask Blur
             * @description Softness of the seam in pixels.
             * @default 8
             */
            mask_blur: number;
            /**
             * Model
             * @description Catalog model id (see GET /v1/models). Omit for the server's default model.
             */
            model?: string | null;
            /**
             * Negative Prompt
             * @description What to steer away from.
             */
            negative_prompt?: string | null;
            /**
             * Num Images
             * @description Images to generate in one batch.
             * @default 1
             */
            num_images: number;
            /**
             * Num Inference Steps
             * @description Denoising steps. More is slower and usually finer.
             */
            num_inference_steps?: number | null;
            /**
             * Prompt
             * @description What to draw.
             * @example a red circle on a blue background
             */
            prompt: string;
            /** @description Deliver the images at this size, resized (Lanczos) after generation at width×height. Set for you by a model whose size_policy is 'fit' when a request asks for more than it draws. */
            resize_to?: components["schemas"]["Size"] | null;
            /**
             * Response Format
             * @description Images as signed expiring URLs (default) or inline base64.
             * @default url
             * @enum {string}
             */
            response_format: "url" | "b64_json";
            /** @description Restore the faces in the images afterwards (A1111's restore_faces), e.g. {"visibility": 1}. Needs a face restorer in the catalog (GET /v1/face-restorers). */
            restore_faces?: components["schemas"]["RestoreFacesOption"] | null;
            /**
             * Right
             * @description Pixels to add on the right.
             * @default 0
             */
            right: number;
            /**
             * Safety Checker
             * @description false skips the NSFW check of the images, where the key's safety policy allows it.
             */
            safety_checker?: boolean | null;
            /**
             * Scheduler
             * @description Sampler by diffusers class name (EulerAncestralDiscreteScheduler) or A1111 name ('Euler a', 'DPM++ 2M Karras'). Defaults to the model's scheduler.
             */
            scheduler?: string | null;
            /**
             * Seed
             * @description Fixes the random noise; the same seed and parameters give the same bytes on the same machine. Omit for a random seed (it is reported in the result).
             */
            seed?: number | null;
            /**
             * Strength
             * @description How much to repaint the new area, in (0, 1]. Below 1 the new area starts from a blurred extension of the original's edges, which helps colours continue.
             * @default 0.9
             */
            strength: number;
            /**
             * Task
             * @constant
             */
            task: "outpaint";
            /**
             * Tiling
             * @description A seamless image: it tiles without visible edges (circular padding in the model's convolutions). SD 1.x, 2.x and SDXL models.
             * @default false
             */
            tiling: boolean;
            /**
             * Top
             * @description Pixels to add at the top.
             * @default 0
             */
            top: number;
            /**
             * Track Id
             * @description Your own reference, echoed in the job and webhooks.
             */
            track_id?: string | null;
            /** @description Upscale the generated images afterwards, e.g. {"scale": 2}. */
            upscale?: components["schemas"]["UpscaleOption"] | null;
            /**
             * Webhook
             * @description An http(s) URL that receives the job's events, signed per the Standard Webhooks spec (headers webhook-id, webhook-timestamp, webhook-signature; secret from GET /v1/webhooks/secret).
             */
            webhook?: string | null;
            /**
             * Webhook Events Filter
             * @description Events to send: started, succeeded, failed, canceled, or completed (the three final ones). Default: completed.
             */
            webhook_events_filter?: string[] | null;
            /**
             * Width
             * @description Output width in pixels, a multiple of 8. Defaults to the model's native width; for tasks that take an image, to the image's width (scaled down to fit the model's limits).
             */
            width?: number | null;
        };
        /**
         * Plan
         * @description Limits shared by every key on a plan. ``None`` means unlimited.
         */
        Plan: {
            /**
             * Budget Daily
             * @description Default daily budget of its keys.
             */
            budget_daily?: number | null;
            /**
             * Budget Monthly
             * @description Default monthly budget of its keys.
             */
            budget_monthly?: number | null;
            /**
             * Images Per Day
             * @description Images per calendar day (quota).
             */
            images_per_day?: number | null;
            /**
             * Images Per Minute
             * @description Images requested per minute.
             */
            images_per_minute?: number | null;
            /**
             * Max Active Jobs
             * @description Queued + running jobs at once.
             */
            max_active_jobs?: number | null;
            /**
             * Requests Per Minute
             * @description Generation requests per minute.
             */
            requests_per_minute?: number | null;
        };
        /** PngInfoBody */
        PngInfoBody: {
            /**
             * Image
             * @description A PNG, base64 (a data: URL prefix is fine).
             */
            image: string;
        };
        /** PngInfoResponse */
        PngInfoResponse: {
            /** Info */
            info: string;
            /** Items */
            items: {
                [key: string]: unknown;
            };
            /** Parameters */
            parameters: {
                [key: string]: unknown;
            };
        };
        /**
         * Price
         * @description Price of one generation. Local models bill GPU work, providers bill per image or per megapixel,
         *     or pass on the cost the provider reports (``provider_reported``, in ``reported_unit`` per unit).
         */
        Price: {
            /**
             * Currency
             * @default USD
             */
            currency: string;
            /**
             * Per Image
             * @default 0
             */
            per_image: number;
            /**
             * Per Megapixel
             * @description Per output megapixel (hosted providers).
             * @default 0
             */
            per_megapixel: number;
            /**
             * Per Megapixel Step
             * @default 0
             */
            per_megapixel_step: number;
            /**
             * Provider Reported
             * @description Bill what the provider reports for the request when it reports a cost.
             * @default false
             */
            provider_reported: boolean;
            /**
             * Reported Unit
             * @description Currency per unit the provider reports (BFL reports credits of 0.01 USD).
             * @default 1
             */
            reported_unit: number;
        };
        /**
         * Problem
         * @description RFC 9457 problem details, as every native route answers an error; some errors add fields
         *     (``retry_after`` on 429, the budget's figures on 402, the provider on 502).
         */
        Problem: {
            /**
             * Code
             * @description The stable, machine-readable error code.
             */
            code: string;
            /**
             * Detail
             * @description What went wrong and what to do, for a person.
             */
            detail: string;
            /**
             * Errors
             * @description The invalid fields, when there are any.
             * @default null
             */
            errors: components["schemas"]["FieldProblem"][] | null;
            /**
             * Instance
             * @description The request's path.
             */
            instance: string;
            /**
             * Request Id
             * @description Also in the X-Request-ID header and the server log.
             * @default null
             */
            request_id: string | null;
            /**
             * Retry After
             * @description Seconds to wait before trying again.
             * @default null
             */
            retry_after: number | null;
            /** Status */
            status: number;
            /** Title */
            title: string;
            /**
             * Type
             * @description `urn:imagegate:error:<code>`.
             */
            type: string;
        } & {
            [key: string]: unknown;
        };
        /** Progress */
        Progress: {
            /** Fraction */
            fraction: number;
            /** Step */
            step: number;
            /** Total */
            total: number;
        };
        /** ProgressResponse */
        ProgressResponse: {
            /** Current Image */
            current_image?: string | null;
            /** Current Task */
            current_task?: string | null;
            /** Eta Relative */
            eta_relative: number;
            /** Progress */
            progress: number;
            /** State */
            state: {
                [key: string]: unknown;
            };
            /** Textinfo */
            textinfo?: string | null;
        };
        /** QuotaOut */
        QuotaOut: {
            /** Day */
            day: string;
            /** Images Per Day */
            images_per_day: number | null;
            /** Remaining */
            remaining: number | null;
            /**
             * Reserved
             * @description Images of jobs still queued or running.
             */
            reserved: number;
            /**
             * Resets At
             * Format: date-time
             */
            resets_at: string;
            /** Used */
            used: number;
        };
        /**
         * RestoreFacesOption
         * @description Restore the faces in every generated image (A1111's ``restore_faces``): each face found is
         *     aligned to the restorer's 512-px frame, restored (GFPGAN or CodeFormer weights from the
         *     catalog's ``[[face_restorers]]``) and pasted back with a feathered edge; the rest of the image is
         *     left as it was.
         */
        RestoreFacesOption: {
            /**
             * Fidelity
             * @description CodeFormer only: 0 restores the most, 1 keeps closest to the input face (A1111's codeformer_weight).
             * @default 0.5
             */
            fidelity: number;
            /**
             * Model
             * @description Face restorer id (GET /v1/face-restorers). Omit for the server's first one.
             */
            model?: string | null;
            /**
             * Visibility
             * @description How much of the restored face shows over the original (0–1).
             * @default 1
             */
            visibility: number;
        };
        /**
         * SafetyAction
         * @description What happens to a generated image the NSFW classifier flags.
         * @enum {string}
         */
        SafetyAction: "block" | "blur" | "pixelate" | "black";
        /**
         * SafetyPolicy
         * @description The image-safety rules of a key (or the server's defaults).
         */
        SafetyPolicy: {
            /** @default black */
            action: components["schemas"]["SafetyAction"];
            /**
             * Allow Disable
             * @description Whether requests of this key may send safety_checker: false.
             * @default false
             */
            allow_disable: boolean;
            /**
             * Threshold
             * @description NSFW score at or above which an image is flagged.
             * @default 0.8
             */
            threshold: number;
        };
        /** SamplerItem */
        SamplerItem: {
            /** Aliases */
            aliases: string[];
            /** Name */
            name: string;
            /** Options */
            options: {
                [key: string]: unknown;
            };
        };
        /** SchedulerItem */
        SchedulerItem: {
            /** Aliases */
            aliases?: string[] | null;
            /** Default Rho */
            default_rho?: number | null;
            /** Label */
            label: string;
            /** Name */
            name: string;
            /** Need Inner Model */
            need_inner_model?: boolean | null;
        };
        /**
         * Scope
         * @enum {string}
         */
        Scope: "admin" | "generate";
        /** SDModelItem */
        SDModelItem: {
            /** Config */
            config?: string | null;
            /** Filename */
            filename: string;
            /** Hash */
            hash?: string | null;
            /** Model Name */
            model_name: string;
            /** Sha256 */
            sha256?: string | null;
            /** Title */
            title: string;
        };
        /** SDVaeItem */
        SDVaeItem: {
            /** Filename */
            filename: string;
            /** Model Name */
            model_name: string;
        };
        /** Size */
        Size: {
            /** Height */
            height: number;
            /** Width */
            width: number;
        };
        /**
         * TargetAttempt
         * @description One target a route tried (or skipped) for this job, in order.
         */
        TargetAttempt: {
            /**
             * Code
             * @description The error code of a failed attempt.
             */
            code?: string | null;
            /** Duration S */
            duration_s?: number | null;
            /** Engine */
            engine: string;
            /** Message */
            message?: string | null;
            /**
             * Outcome
             * @enum {string}
             */
            outcome: "succeeded" | "failed" | "skipped";
            /**
             * Reason
             * @description Why it was skipped (cooling_down, circuit_open, …).
             */
            reason?: string | null;
            /** Retry After */
            retry_after?: number | null;
            /**
             * Status
             * @description The HTTP status the failure maps to here.
             */
            status?: number | null;
            /**
             * Target
             * @description The catalog model tried.
             */
            target: string;
            /**
             * Upstream Status
             * @description The HTTP status the provider answered.
             */
            upstream_status?: number | null;
        };
        /**
         * Task
         * @enum {string}
         */
        Task: "txt2img" | "img2img" | "inpaint" | "outpaint" | "controlnet" | "upscale" | "variation";
        /**
         * TiledUpscaleOption
         * @description A1111's "SD upscale" script: ``init_image`` is enlarged ``scale`` times, then repainted tile by
         *     tile — each tile width×height, overlapping its neighbours by ``overlap`` pixels and blended into
         *     them — with image-to-image at ``strength``: a model made for small images adds detail to a
         *     large one.
         */
        TiledUpscaleOption: {
            /**
             * Overlap
             * @description Pixels each tile shares with its neighbours.
             * @default 64
             */
            overlap: number;
            /**
             * Scale
             * @description Factor per side of the final image.
             * @default 2
             */
            scale: number;
            /**
             * Upscaler
             * @description How the image is enlarged first: 'lanczos', 'nearest', or the id of a local upscaler of the catalog (e.g. a Real-ESRGAN network).
             * @default lanczos
             */
            upscaler: string;
        };
        /** Timings */
        Timings: {
            /** Compute S */
            compute_s?: number | null;
            /** Queue S */
            queue_s?: number | null;
            /** Total S */
            total_s?: number | null;
        };
        /** TokenDetails */
        TokenDetails: {
            /**
             * Image Tokens
             * @default 0
             */
            image_tokens: number;
            /**
             * Text Tokens
             * @default 0
             */
            text_tokens: number;
        };
        /**
         * Txt2ImgBody
         * @description ``POST /sdapi/v1/txt2img``.
         */
        Txt2ImgBody: {
            /**
             * Alwayson Scripts
             * @description ControlNet: {"controlnet": {"args": [{"image", "model", "module", "weight"}]}}.
             */
            alwayson_scripts?: {
                [key: string]: unknown;
            } | null;
            /**
             * Batch Size
             * @description Images per batch.
             * @default 1
             */
            batch_size: number | null;
            /**
             * Cfg Scale
             * @description Guidance scale; omit for the model's default.
             */
            cfg_scale?: number | null;
            /** Denoising Strength */
            denoising_strength?: number | null;
            /** Do Not Save Grid */
            do_not_save_grid?: boolean | null;
            /** Do Not Save Samples */
            do_not_save_samples?: boolean | null;
            /**
             * Enable Hr
             * @default false
             */
            enable_hr: boolean | null;
            /** Force Task Id */
            force_task_id?: string | null;
            /** Height */
            height?: number | null;
            /**
             * Hr Negative Prompt
             * @default
             */
            hr_negative_prompt: string | null;
            /**
             * Hr Prompt
             * @default
             */
            hr_prompt: string | null;
            /**
             * Hr Resize X
             * @description Final width instead of hr_scale (0: unused).
             * @default 0
             */
            hr_resize_x: number | null;
            /**
             * Hr Resize Y
             * @description Final height instead of hr_scale (0: unused).
             * @default 0
             */
            hr_resize_y: number | null;
            /** Hr Sampler Name */
            hr_sampler_name?: string | null;
            /**
             * Hr Scale
             * @description Hires fix: factor per side (with enable_hr).
             * @default 2
             */
            hr_scale: number | null;
            /** Hr Scheduler */
            hr_scheduler?: string | null;
            /**
             * Hr Second Pass Steps
             * @description 0: as many as the first pass.
             * @default 0
             */
            hr_second_pass_steps: number | null;
            /**
             * Hr Upscaler
             * @description Latent (default), Latent (nearest), Lanczos, Nearest.
             */
            hr_upscaler?: string | null;
            /** Infotext */
            infotext?: string | null;
            /**
             * N Iter
             * @description Batches; images = batch_size × n_iter.
             * @default 1
             */
            n_iter: number | null;
            /**
             * Negative Prompt
             * @default
             */
            negative_prompt: string | null;
            /**
             * Override Settings
             * @description Only sd_model_checkpoint (a model from /sdapi/v1/sd-models) changes anything.
             */
            override_settings?: {
                [key: string]: unknown;
            } | null;
            /**
             * Override Settings Restore Afterwards
             * @default true
             */
            override_settings_restore_afterwards: boolean | null;
            /**
             * Prompt
             * @description What to draw; <lora:name:weight> tags select LoRAs.
             * @default
             */
            prompt: string;
            /** Restore Faces */
            restore_faces?: boolean | null;
            /**
             * Sampler Index
             * @description Older name of sampler_name.
             */
            sampler_index?: string | null;
            /**
             * Sampler Name
             * @description e.g. 'Euler a', 'DPM++ 2M' (see /sdapi/v1/samplers).
             */
            sampler_name?: string | null;
            /**
             * Save Images
             * @default false
             */
            save_images: boolean | null;
            /**
             * Scheduler
             * @description Schedule type: Automatic or Karras.
             */
            scheduler?: string | null;
            /** Script Args */
            script_args?: unknown[] | null;
            /** Script Name */
            script_name?: string | null;
            /**
             * Seed
             * @description -1 for a random seed; image i uses seed + i.
             * @default -1
             */
            seed: number | null;
            /**
             * Seed Resize From H
             * @default -1
             */
            seed_resize_from_h: number | null;
            /**
             * Seed Resize From W
             * @default -1
             */
            seed_resize_from_w: number | null;
            /**
             * Send Images
             * @default true
             */
            send_images: boolean | null;
            /**
             * Steps
             * @description Sampling steps; omit for the model's default.
             */
            steps?: number | null;
            /** Styles */
            styles?: string[] | null;
            /**
             * Subseed
             * @default -1
             */
            subseed: number | null;
            /**
             * Subseed Strength
             * @default 0
             */
            subseed_strength: number | null;
            /** Tiling */
            tiling?: boolean | null;
            /** Width */
            width?: number | null;
        };
        /** Txt2ImgJob */
        Txt2ImgJob: {
            /**
             * Cache
             * @description Serve an identical earlier request with the same explicit seed from the result cache (at no cost, within no quota). false always generates anew.
             * @default true
             */
            cache: boolean;
            /**
             * Guidance Scale
             * @description Classifier-free guidance: how strongly to follow the prompt (1 disables it).
             */
            guidance_scale?: number | null;
            /**
             * Height
             * @description Output height in pixels, a multiple of 8. Defaults like width.
             */
            height?: number | null;
            /** @description A second pass at a larger size (A1111's hires fix), e.g. {"scale": 2}. */
            hires?: components["schemas"]["HiresOption"] | null;
            /**
             * Loras
             * @description LoRA adapters to apply, each {id, weight}; they combine. Local models only.
             */
            loras?: components["schemas"]["LoraRef"][];
            /**
             * Model
             * @description Catalog model id (see GET /v1/models). Omit for the server's default model.
             */
            model?: string | null;
            /**
             * Negative Prompt
             * @description What to steer away from.
             */
            negative_prompt?: string | null;
            /**
             * Num Images
             * @description Images to generate in one batch.
             * @default 1
             */
            num_images: number;
            /**
             * Num Inference Steps
             * @description Denoising steps. More is slower and usually finer.
             */
            num_inference_steps?: number | null;
            /**
             * Prompt
             * @description What to draw. May be empty on local models (an image the prompt does not steer, as A1111 allows); hosted providers need one.
             * @example a red circle on a blue background
             */
            prompt: string;
            /** @description Deliver the images at this size, resized (Lanczos) after generation at width×height. Set for you by a model whose size_policy is 'fit' when a request asks for more than it draws. */
            resize_to?: components["schemas"]["Size"] | null;
            /**
             * Response Format
             * @description Images as signed expiring URLs (default) or inline base64.
             * @default url
             * @enum {string}
             */
            response_format: "url" | "b64_json";
            /** @description Restore the faces in the images afterwards (A1111's restore_faces), e.g. {"visibility": 1}. Needs a face restorer in the catalog (GET /v1/face-restorers). */
            restore_faces?: components["schemas"]["RestoreFacesOption"] | null;
            /**
             * Safety Checker
             * @description false skips the NSFW check of the images, where the key's safety policy allows it.
             */
            safety_checker?: boolean | null;
            /**
             * Scheduler
             * @description Sampler by diffusers class name (EulerAncestralDiscreteScheduler) or A1111 name ('Euler a', 'DPM++ 2M Karras'). Defaults to the model's scheduler.
             */
            scheduler?: string | null;
            /**
             * Seed
             * @description Fixes the random noise; the same seed and parameters give the same bytes on the same machine. Omit for a random seed (it is reported in the result).
             */
            seed?: number | null;
            /**
             * Task
             * @default txt2img
             * @constant
             */
            task: "txt2img";
            /**
             * Tiling
             * @description A seamless image: it tiles without visible edges (circular padding in the model's convolutions). SD 1.x, 2.x and SDXL models.
             * @default false
             */
            tiling: boolean;
            /**
             * Track Id
             * @description Your own reference, echoed in the job and webhooks.
             */
            track_id?: string | null;
            /** @description Upscale the generated images afterwards, e.g. {"scale": 2}. */
            upscale?: components["schemas"]["UpscaleOption"] | null;
            /**
             * Webhook
             * @description An http(s) URL that receives the job's events, signed per the Standard Webhooks spec (headers webhook-id, webhook-timestamp, webhook-signature; secret from GET /v1/webhooks/secret).
             */
            webhook?: string | null;
            /**
             * Webhook Events Filter
             * @description Events to send: started, succeeded, failed, canceled, or completed (the three final ones). Default: completed.
             */
            webhook_events_filter?: string[] | null;
            /**
             * Width
             * @description Output width in pixels, a multiple of 8. Defaults to the model's native width; for tasks that take an image, to the image's width (scaled down to fit the model's limits).
             */
            width?: number | null;
        };
        /** UpscaleJob */
        UpscaleJob: {
            /**
             * Cache
             * @description Serve an identical earlier request with the same explicit seed from the result cache (at no cost, within no quota). false always generates anew.
             * @default true
             */
            cache: boolean;
            /**
             * Image
             * @description An image (PNG, JPEG or WebP): base64 with or without a data: prefix, an http(s) URL, or blob:<sha256> of an image uploaded before. In multipart requests, a file part of this name.
             */
            image: string;
            /**
             * Model
             * @description Catalog model id (see GET /v1/models). Omit for the server's default model.
             */
            model?: string | null;
            /**
             * Response Format
             * @description Images as signed expiring URLs (default) or inline base64.
             * @default url
             * @enum {string}
             */
            response_format: "url" | "b64_json";
            /** @description Also restore the faces of the enlarged image (A1111's extras GFPGAN/CodeFormer). */
            restore_faces?: components["schemas"]["RestoreFacesOption"] | null;
            /**
             * Safety Checker
             * @description false skips the NSFW check of the images, where the key's safety policy allows it.
             */
            safety_checker?: boolean | null;
            /**
             * Scale
             * @description Factor per side; the result may be at most 8192 px a side. 1 (no enlarging) only with restore_faces.
             * @default 4
             */
            scale: number;
            /**
             * Task
             * @constant
             */
            task: "upscale";
            /**
             * Track Id
             * @description Your own reference, echoed in the job and webhooks.
             */
            track_id?: string | null;
            /**
             * Webhook
             * @description An http(s) URL that receives the job's events, signed per the Standard Webhooks spec (headers webhook-id, webhook-timestamp, webhook-signature; secret from GET /v1/webhooks/secret).
             */
            webhook?: string | null;
            /**
             * Webhook Events Filter
             * @description Events to send: started, succeeded, failed, canceled, or completed (the three final ones). Default: completed.
             */
            webhook_events_filter?: string[] | null;
        };
        /**
         * UpscaleOption
         * @description Upscale every generated image after generation, with an upscaler from the catalog.
         */
        UpscaleOption: {
            /**
             * Model
             * @description Upscaler id (a model with task 'upscale' in GET /v1/models). Omit for the server's default.
             */
            model?: string | null;
            /**
             * Scale
             * @description Factor per side: 2 doubles width and height (at most 8192 px).
             * @default 2
             */
            scale: number;
        };
        /** UpscalerItem */
        UpscalerItem: {
            /** Model Name */
            model_name?: string | null;
            /** Model Path */
            model_path?: string | null;
            /** Model Url */
            model_url?: string | null;
            /** Name */
            name: string;
            /** Scale */
            scale?: number | null;
        };
        /**
         * Usage
         * @description OpenAI meters tokens; imagegate does not, so token counts are 0. ``cost`` and ``currency`` are
         *     imagegate's own figures for the job (also in ``GET /v1/jobs/{id}``).
         */
        Usage: {
            /** Cost */
            cost?: number | null;
            /** Currency */
            currency?: string | null;
            /**
             * Input Tokens
             * @default 0
             */
            input_tokens: number;
            input_tokens_details?: components["schemas"]["TokenDetails"];
            /**
             * Output Tokens
             * @default 0
             */
            output_tokens: number;
            /**
             * Total Tokens
             * @default 0
             */
            total_tokens: number;
        };
        /** UsageOut */
        UsageOut: {
            /** Data */
            data: components["schemas"]["UsageRow"][];
            /**
             * End
             * Format: date
             */
            end: string;
            /** Group By */
            group_by: string[];
            /**
             * Object
             * @default usage
             * @constant
             */
            object: "usage";
            /**
             * Start
             * Format: date
             */
            start: string;
            /** Timezone */
            timezone: string;
            total: components["schemas"]["UsageRow"];
        };
        /** UsageRow */
        UsageRow: {
            /**
             * Cached
             * @description Jobs answered from the result cache.
             */
            cached: number;
            /** Canceled */
            canceled: number;
            /** Compute S */
            compute_s: number;
            /** Cost */
            cost: number;
            /** Currency */
            currency: string;
            /** Day */
            day?: string | null;
            /**
             * Errors
             * @description Jobs that failed.
             */
            errors: number;
            /** Images */
            images: number;
            /** Jobs */
            jobs: number;
            /** Key Id */
            key_id?: string | null;
            /**
             * Latency P50 S
             * @description Admission to end of job, 50th percentile.
             */
            latency_p50_s: number | null;
            /** Latency P95 S */
            latency_p95_s: number | null;
            /** Latency P99 S */
            latency_p99_s: number | null;
            /** Model */
            model?: string | null;
            /** Succeeded */
            succeeded: number;
        };
        /** ValidationError */
        ValidationError: {
            /** Context */
            ctx?: Record<string, never>;
            /** Input */
            input?: unknown;
            /** Location */
            loc: (string | number)[];
            /** Message */
            msg: string;
            /** Error Type */
            type: string;
        };
        /** VariationJob */
        VariationJob: {
            /**
             * Cache
             * @description Serve an identical earlier request with the same explicit seed from the result cache (at no cost, within no quota). false always generates anew.
             * @default true
             */
            cache: boolean;
            /**
             * Guidance Scale
             * @description Classifier-free guidance: how strongly to follow the prompt (1 disables it).
             */
            guidance_scale?: number | null;
            /**
             * Height
             * @description Output height in pixels, a multiple of 8. Defaults like width.
             */
            height?: number | null;
            /**
             * Init Image
             * @description An image (PNG, JPEG or WebP): base64 with or without a data: prefix, an http(s) URL, or blob:<sha256> of an image uploaded before. In multipart requests, a file part of this name.
             */
            init_image: string;
            /**
             * Loras
             * @description LoRA adapters to apply, each {id, weight}; they combine. Local models only.
             */
            loras?: components["schemas"]["LoraRef"][];
            /**
             * Model
             * @description Catalog model id (see GET /v1/models). Omit for the server's default model.
             */
            model?: string | null;
            /**
             * Negative Prompt
             * @description What to steer away from.
             */
            negative_prompt?: string | null;
            /**
             * Num Images
             * @description Images to generate in one batch.
             * @default 1
             */
            num_images: number;
            /**
             * Num Inference Steps
             * @description Denoising steps. More is slower and usually finer.
             */
            num_inference_steps?: number | null;
            /**
             * Prompt
             * @description What to draw; may be empty: the image alone then guides the result.
             * @default
             */
            prompt: string;
            /** @description Deliver the images at this size, resized (Lanczos) after generation at width×height. Set for you by a model whose size_policy is 'fit' when a request asks for more than it draws. */
            resize_to?: components["schemas"]["Size"] | null;
            /**
             * Response Format
             * @description Images as signed expiring URLs (default) or inline base64.
             * @default url
             * @enum {string}
             */
            response_format: "url" | "b64_json";
            /** @description Restore the faces in the images afterwards (A1111's restore_faces), e.g. {"visibility": 1}. Needs a face restorer in the catalog (GET /v1/face-restorers). */
            restore_faces?: components["schemas"]["RestoreFacesOption"] | null;
            /**
             * Safety Checker
             * @description false skips the NSFW check of the images, where the key's safety policy allows it.
             */
            safety_checker?: boolean | null;
            /**
             * Scheduler
             * @description Sampler by diffusers class name (EulerAncestralDiscreteScheduler) or A1111 name ('Euler a', 'DPM++ 2M Karras'). Defaults to the model's scheduler.
             */
            scheduler?: string | null;
            /**
             * Seed
             * @description Fixes the random noise; the same seed and parameters give the same bytes on the same machine. Omit for a random seed (it is reported in the result).
             */
            seed?: number | null;
            /**
             * Strength
             * @description How far variations may wander from the input.
             * @default 0.6
             */
            strength: number;
            /**
             * Task
             * @constant
             */
            task: "variation";
            /**
             * Tiling
             * @description A seamless image: it tiles without visible edges (circular padding in the model's convolutions). SD 1.x, 2.x and SDXL models.
             * @default false
             */
            tiling: boolean;
            /**
             * Track Id
             * @description Your own reference, echoed in the job and webhooks.
             */
            track_id?: string | null;
            /** @description Upscale the generated images afterwards, e.g. {"scale": 2}. */
            upscale?: components["schemas"]["UpscaleOption"] | null;
            /**
             * Webhook
             * @description An http(s) URL that receives the job's events, signed per the Standard Webhooks spec (headers webhook-id, webhook-timestamp, webhook-signature; secret from GET /v1/webhooks/secret).
             */
            webhook?: string | null;
            /**
             * Webhook Events Filter
             * @description Events to send: started, succeeded, failed, canceled, or completed (the three final ones). Default: completed.
             */
            webhook_events_filter?: string[] | null;
            /**
             * Width
             * @description Output width in pixels, a multiple of 8. Defaults to the model's native width; for tasks that take an image, to the image's width (scaled down to fit the model's limits).
             */
            width?: number | null;
        };
        /** WebhookMessageList */
        WebhookMessageList: {
            /** Data */
            data: components["schemas"]["WebhookMessageOut"][];
            /** Has More */
            has_more: boolean;
            /** Next Cursor */
            next_cursor: string | null;
            /**
             * Object
             * @default list
             * @constant
             */
            object: "list";
        };
        /** WebhookMessageOut */
        WebhookMessageOut: {
            /** Attempt Log */
            attempt_log: components["schemas"]["AttemptOut"][];
            /** Attempts */
            attempts: number;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Event */
            event: string;
            /** Finished At */
            finished_at: string | null;
            /**
             * Id
             * @description msg_…, sent as webhook-id; the same on every retry.
             */
            id: string;
            /** Job Id */
            job_id: string | null;
            /** Last Error */
            last_error: string | null;
            /** Last Status Code */
            last_status_code: number | null;
            /** Next Attempt At */
            next_attempt_at: string | null;
            /**
             * Object
             * @default webhook_message
             * @constant
             */
            object: "webhook_message";
            /** Payload */
            payload?: {
                [key: string]: unknown;
            } | null;
            /**
             * Status
             * @enum {string}
             */
            status: "pending" | "delivering" | "delivered" | "failed" | "disabled";
            /** Url */
            url: string;
        };
        /** WebhookSecretOut */
        WebhookSecretOut: {
            /** Key Id */
            key_id: string;
            /**
             * Object
             * @default webhook_secret
             * @constant
             */
            object: "webhook_secret";
            /**
             * Previous Valid Until
             * @description After a rotation the previous secret also signs until then.
             */
            previous_valid_until?: string | null;
            /**
             * Secret
             * @description whsec_…: verify webhook-signature with it (Standard Webhooks).
             */
            secret: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    load_model_api_v3_load_model_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Base64
                     * @description Answer base64 images in output instead of URLs.
                     */
                    base64?: boolean | null;
                    /** Force Load */
                    force_load?: boolean | null;
                    /**
                     * Key
                     * @description Your imagegate API key (or send it as Bearer / a 'key' header).
                     */
                    key?: string | null;
                    /** Model Category */
                    model_category?: string | null;
                    /** Model Format */
                    model_format?: string | null;
                    /** Model Id */
                    model_id: string;
                    /** Model Name */
                    model_name?: string | null;
                    /** Model Visibility */
                    model_visibility?: string | null;
                    /**
                     * Temp
                     * @description Accepted; images always expire with their links.
                     */
                    temp?: boolean | null;
                    /**
                     * Track Id
                     * @description Echoed in the webhook call.
                     */
                    track_id?: string | null;
                    /** Url */
                    url?: string | null;
                    /**
                     * Webhook
                     * @description URL called with the result when the job ends.
                     */
                    webhook?: string | null;
                };
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
        };
    };
    model_list_api_v4_dreambooth_model_list_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Base64
                     * @description Answer base64 images in output instead of URLs.
                     */
                    base64?: boolean | null;
                    /**
                     * Key
                     * @description Your imagegate API key (or send it as Bearer / a 'key' header).
                     */
                    key?: string | null;
                    /**
                     * Temp
                     * @description Accepted; images always expire with their links.
                     */
                    temp?: boolean | null;
                    /**
                     * Track Id
                     * @description Echoed in the webhook call.
                     */
                    track_id?: string | null;
                    /**
                     * Webhook
                     * @description URL called with the result when the job ends.
                     */
                    webhook?: string | null;
                };
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
        };
    };
    modelslab_api_v5_controlnet: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Algorithm Type
                     * @description 'dpmsolver+++' selects DPM++ 2M SDE.
                     */
                    algorithm_type?: string | null;
                    /**
                     * Auto Hint
                     * @description Preprocess the image into the control map (default).
                     */
                    auto_hint?: boolean | null;
                    /**
                     * Base64
                     * @description Answer base64 images in output instead of URLs.
                     */
                    base64?: boolean | null;
                    /** Clip Skip */
                    clip_skip?: number | null;
                    /** Control Image */
                    control_image?: string | null;
                    /** Controlnet Conditioning Scale */
                    controlnet_conditioning_scale?: string | null;
                    /**
                     * Controlnet Model
                     * @description e.g. canny (one ControlNet per request).
                     */
                    controlnet_model?: string | null;
                    /** Controlnet Type */
                    controlnet_type?: string | null;
                    /**
                     * Enhance Prompt
                     * @description Accepted; prompts are never rewritten here.
                     */
                    enhance_prompt?: boolean | null;
                    /** Enhance Style */
                    enhance_style?: string | null;
                    /** Guess Mode */
                    guess_mode?: boolean | null;
                    /** Guidance Scale */
                    guidance_scale?: number | null;
                    /** Height */
                    height?: number | null;
                    /** Highres Fix */
                    highres_fix?: boolean | null;
                    /** Init Image */
                    init_image?: string | null;
                    /**
                     * Instant Response
                     * @description Answer 'processing' at once, without waiting.
                     */
                    instant_response?: boolean | null;
                    /** Ip Adapter Id */
                    ip_adapter_id?: string | null;
                    /** Ip Adapter Image */
                    ip_adapter_image?: string | null;
                    /** Ip Adapter Scale */
                    ip_adapter_scale?: number | null;
                    /**
                     * Key
                     * @description Your imagegate API key (or send it as Bearer / a 'key' header).
                     */
                    key?: string | null;
                    /**
                     * Lora Model
                     * @description Comma-separated LoRA ids.
                     */
                    lora_model?: string | null;
                    /**
                     * Lora Strength
                     * @description Comma-separated weights, one per LoRA.
                     */
                    lora_strength?: string | null;
                    /** Mask Image */
                    mask_image?: string | null;
                    /**
                     * Model Id
                     * @description Catalog model id or alias; omit for the default model.
                     */
                    model_id?: string | null;
                    /** Multi Lingual */
                    multi_lingual?: boolean | null;
                    /** Negative Prompt */
                    negative_prompt?: string | null;
                    /** Num Inference Steps */
                    num_inference_steps?: number | null;
                    /** Panorama */
                    panorama?: boolean | null;
                    /**
                     * Prompt
                     * @description What to draw.
                     */
                    prompt: string;
                    /** Safety Checker */
                    safety_checker?: boolean | null;
                    /** Safety Checker Type */
                    safety_checker_type?: string | null;
                    /**
                     * Samples
                     * @description Images per request (1–4).
                     */
                    samples?: number | null;
                    /**
                     * Scheduler
                     * @description A diffusers scheduler class name.
                     */
                    scheduler?: string | null;
                    /**
                     * Seed
                     * @description null for a random seed (reported in meta.seed).
                     */
                    seed?: number | null;
                    /** Self Attention */
                    self_attention?: boolean | null;
                    /**
                     * Steps
                     * @description Older name of num_inference_steps.
                     */
                    steps?: number | null;
                    /** Strength */
                    strength?: number | null;
                    /**
                     * Temp
                     * @description Accepted; images always expire with their links.
                     */
                    temp?: boolean | null;
                    /** Tomesd */
                    tomesd?: boolean | null;
                    /**
                     * Track Id
                     * @description Echoed in the webhook call.
                     */
                    track_id?: string | null;
                    /** Upscale */
                    upscale?: string | null;
                    /**
                     * Use Karras Sigmas
                     * @description Karras sigmas where the scheduler has them.
                     */
                    use_karras_sigmas?: boolean | null;
                    /** Vae */
                    vae?: string | null;
                    /**
                     * Webhook
                     * @description URL called with the result when the job ends.
                     */
                    webhook?: string | null;
                    /** Width */
                    width?: number | null;
                };
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The job's estimated cost does not fit the key's budget. */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The resource is in a state that forbids the action. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Too many requests, or the key's quota is used up; Retry-After says when to try again. */
            429: {
                headers: {
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description A hosted provider failed. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The job or the hosted provider did not finish in time. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
        };
    };
    fetch_v5_get_api_v5_images_fetch__request_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                request_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
        };
    };
    fetch_v5_api_v5_images_fetch__request_id__post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                request_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Base64
                     * @description Answer base64 images in output instead of URLs.
                     */
                    base64?: boolean | null;
                    /**
                     * Key
                     * @description Your imagegate API key (or send it as Bearer / a 'key' header).
                     */
                    key?: string | null;
                    /**
                     * Temp
                     * @description Accepted; images always expire with their links.
                     */
                    temp?: boolean | null;
                    /**
                     * Track Id
                     * @description Echoed in the webhook call.
                     */
                    track_id?: string | null;
                    /**
                     * Webhook
                     * @description URL called with the result when the job ends.
                     */
                    webhook?: string | null;
                };
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
        };
    };
    fetch_by_body_api_v6__family__fetch_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                family: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Base64
                     * @description Answer base64 images in output instead of URLs.
                     */
                    base64?: boolean | null;
                    /**
                     * Key
                     * @description Your imagegate API key (or send it as Bearer / a 'key' header).
                     */
                    key?: string | null;
                    /**
                     * Request Id
                     * @description The id a generation call answered.
                     */
                    request_id?: string | null;
                    /**
                     * Temp
                     * @description Accepted; images always expire with their links.
                     */
                    temp?: boolean | null;
                    /**
                     * Track Id
                     * @description Echoed in the webhook call.
                     */
                    track_id?: string | null;
                    /**
                     * Webhook
                     * @description URL called with the result when the job ends.
                     */
                    webhook?: string | null;
                };
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
        };
    };
    fetch_by_path_api_v6__family__fetch__request_id__post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                family: string;
                request_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
        };
    };
    files_api_v6_files__name__get: {
        parameters: {
            query: {
                expires: number;
                signature: string;
            };
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
        };
    };
    modelslab_api_v6_image_editing_inpaint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Algorithm Type
                     * @description 'dpmsolver+++' selects DPM++ 2M SDE.
                     */
                    algorithm_type?: string | null;
                    /**
                     * Base64
                     * @description Answer base64 images in output instead of URLs.
                     */
                    base64?: boolean | null;
                    /** Clip Skip */
                    clip_skip?: number | null;
                    /**
                     * Enhance Prompt
                     * @description Accepted; prompts are never rewritten here.
                     */
                    enhance_prompt?: boolean | null;
                    /** Enhance Style */
                    enhance_style?: string | null;
                    /** Guidance Scale */
                    guidance_scale?: number | null;
                    /** Height */
                    height?: number | null;
                    /** Highres Fix */
                    highres_fix?: boolean | null;
                    /**
                     * Init Image
                     * @description The image to start from: an http(s) URL or base64.
                     */
                    init_image: string;
                    /**
                     * Instant Response
                     * @description Answer 'processing' at once, without waiting.
                     */
                    instant_response?: boolean | null;
                    /** Ip Adapter Id */
                    ip_adapter_id?: string | null;
                    /** Ip Adapter Image */
                    ip_adapter_image?: string | null;
                    /** Ip Adapter Scale */
                    ip_adapter_scale?: number | null;
                    /**
                     * Key
                     * @description Your imagegate API key (or send it as Bearer / a 'key' header).
                     */
                    key?: string | null;
                    /**
                     * Lora Model
                     * @description Comma-separated LoRA ids.
                     */
                    lora_model?: string | null;
                    /**
                     * Lora Strength
                     * @description Comma-separated weights, one per LoRA.
                     */
                    lora_strength?: string | null;
                    /**
                     * Mask Image
                     * @description White pixels are repainted, black pixels are kept.
                     */
                    mask_image: string;
                    /**
                     * Model Id
                     * @description Catalog model id or alias; omit for the default model.
                     */
                    model_id?: string | null;
                    /** Multi Lingual */
                    multi_lingual?: boolean | null;
                    /** Negative Prompt */
                    negative_prompt?: string | null;
                    /** Num Inference Steps */
                    num_inference_steps?: number | null;
                    /** Panorama */
                    panorama?: boolean | null;
                    /**
                     * Prompt
                     * @description What to draw.
                     */
                    prompt: string;
                    /** Safety Checker */
                    safety_checker?: boolean | null;
                    /** Safety Checker Type */
                    safety_checker_type?: string | null;
                    /**
                     * Samples
                     * @description Images per request (1–4).
                     */
                    samples?: number | null;
                    /**
                     * Scheduler
                     * @description A diffusers scheduler class name.
                     */
                    scheduler?: string | null;
                    /**
                     * Seed
                     * @description null for a random seed (reported in meta.seed).
                     */
                    seed?: number | null;
                    /** Self Attention */
                    self_attention?: boolean | null;
                    /**
                     * Steps
                     * @description Older name of num_inference_steps.
                     */
                    steps?: number | null;
                    /**
                     * Strength
                     * @description How much to change it (0–1].
                     */
                    strength?: number | null;
                    /**
                     * Temp
                     * @description Accepted; images always expire with their links.
                     */
                    temp?: boolean | null;
                    /** Tomesd */
                    tomesd?: boolean | null;
                    /**
                     * Track Id
                     * @description Echoed in the webhook call.
                     */
                    track_id?: string | null;
                    /** Upscale */
                    upscale?: string | null;
                    /**
                     * Use Karras Sigmas
                     * @description Karras sigmas where the scheduler has them.
                     */
                    use_karras_sigmas?: boolean | null;
                    /** Vae */
                    vae?: string | null;
                    /**
                     * Webhook
                     * @description URL called with the result when the job ends.
                     */
                    webhook?: string | null;
                    /** Width */
                    width?: number | null;
                };
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The job's estimated cost does not fit the key's budget. */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The resource is in a state that forbids the action. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Too many requests, or the key's quota is used up; Retry-After says when to try again. */
            429: {
                headers: {
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description A hosted provider failed. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The job or the hosted provider did not finish in time. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
        };
    };
    modelslab_api_v6_image_editing_outpaint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Base64
                     * @description Answer base64 images in output instead of URLs.
                     */
                    base64?: boolean | null;
                    /** Guidance Scale */
                    guidance_scale?: number | null;
                    /**
                     * Height
                     * @description Height of the extended image.
                     */
                    height?: number | null;
                    /**
                     * Image
                     * @description The image to extend: an http(s) URL or base64.
                     */
                    image: string;
                    /**
                     * Key
                     * @description Your imagegate API key (or send it as Bearer / a 'key' header).
                     */
                    key?: string | null;
                    /** Model Id */
                    model_id?: string | null;
                    /** Negative Prompt */
                    negative_prompt?: string | null;
                    /** Num Inference Steps */
                    num_inference_steps?: number | null;
                    /** Overlap Width */
                    overlap_width?: number | null;
                    /** Prompt */
                    prompt: string;
                    /** Seed */
                    seed?: number | null;
                    /**
                     * Temp
                     * @description Accepted; images always expire with their links.
                     */
                    temp?: boolean | null;
                    /**
                     * Track Id
                     * @description Echoed in the webhook call.
                     */
                    track_id?: string | null;
                    /**
                     * Webhook
                     * @description URL called with the result when the job ends.
                     */
                    webhook?: string | null;
                    /**
                     * Width
                     * @description Width of the extended image.
                     */
                    width?: number | null;
                };
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The job's estimated cost does not fit the key's budget. */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The resource is in a state that forbids the action. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Too many requests, or the key's quota is used up; Retry-After says when to try again. */
            429: {
                headers: {
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description A hosted provider failed. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The job or the hosted provider did not finish in time. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
        };
    };
    modelslab_api_v6_image_editing_super_resolution: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Base64
                     * @description Answer base64 images in output instead of URLs.
                     */
                    base64?: boolean | null;
                    /** Face Enhance */
                    face_enhance?: boolean | null;
                    /**
                     * Init Image
                     * @description The image to upscale: an http(s) URL or base64.
                     */
                    init_image: string;
                    /**
                     * Key
                     * @description Your imagegate API key (or send it as Bearer / a 'key' header).
                     */
                    key?: string | null;
                    /**
                     * Model Id
                     * @description An upscaler model id or alias; omit for the first one.
                     */
                    model_id?: string | null;
                    /**
                     * Scale
                     * @description 2 or 4 (default 4).
                     */
                    scale?: number | null;
                    /**
                     * Temp
                     * @description Accepted; images always expire with their links.
                     */
                    temp?: boolean | null;
                    /**
                     * Track Id
                     * @description Echoed in the webhook call.
                     */
                    track_id?: string | null;
                    /**
                     * Webhook
                     * @description URL called with the result when the job ends.
                     */
                    webhook?: string | null;
                };
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The job's estimated cost does not fit the key's budget. */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The resource is in a state that forbids the action. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Too many requests, or the key's quota is used up; Retry-After says when to try again. */
            429: {
                headers: {
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description A hosted provider failed. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The job or the hosted provider did not finish in time. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
        };
    };
    modelslab_api_v6_images_controlnet: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Algorithm Type
                     * @description 'dpmsolver+++' selects DPM++ 2M SDE.
                     */
                    algorithm_type?: string | null;
                    /**
                     * Auto Hint
                     * @description Preprocess the image into the control map (default).
                     */
                    auto_hint?: boolean | null;
                    /**
                     * Base64
                     * @description Answer base64 images in output instead of URLs.
                     */
                    base64?: boolean | null;
                    /** Clip Skip */
                    clip_skip?: number | null;
                    /** Control Image */
                    control_image?: string | null;
                    /** Controlnet Conditioning Scale */
                    controlnet_conditioning_scale?: string | null;
                    /**
                     * Controlnet Model
                     * @description e.g. canny (one ControlNet per request).
                     */
                    controlnet_model?: string | null;
                    /** Controlnet Type */
                    controlnet_type?: string | null;
                    /**
                     * Enhance Prompt
                     * @description Accepted; prompts are never rewritten here.
                     */
                    enhance_prompt?: boolean | null;
                    /** Enhance Style */
                    enhance_style?: string | null;
                    /** Guess Mode */
                    guess_mode?: boolean | null;
                    /** Guidance Scale */
                    guidance_scale?: number | null;
                    /** Height */
                    height?: number | null;
                    /** Highres Fix */
                    highres_fix?: boolean | null;
                    /** Init Image */
                    init_image?: string | null;
                    /**
                     * Instant Response
                     * @description Answer 'processing' at once, without waiting.
                     */
                    instant_response?: boolean | null;
                    /** Ip Adapter Id */
                    ip_adapter_id?: string | null;
                    /** Ip Adapter Image */
                    ip_adapter_image?: string | null;
                    /** Ip Adapter Scale */
                    ip_adapter_scale?: number | null;
                    /**
                     * Key
                     * @description Your imagegate API key (or send it as Bearer / a 'key' header).
                     */
                    key?: string | null;
                    /**
                     * Lora Model
                     * @description Comma-separated LoRA ids.
                     */
                    lora_model?: string | null;
                    /**
                     * Lora Strength
                     * @description Comma-separated weights, one per LoRA.
                     */
                    lora_strength?: string | null;
                    /** Mask Image */
                    mask_image?: string | null;
                    /**
                     * Model Id
                     * @description Catalog model id or alias; omit for the default model.
                     */
                    model_id?: string | null;
                    /** Multi Lingual */
                    multi_lingual?: boolean | null;
                    /** Negative Prompt */
                    negative_prompt?: string | null;
                    /** Num Inference Steps */
                    num_inference_steps?: number | null;
                    /** Panorama */
                    panorama?: boolean | null;
                    /**
                     * Prompt
                     * @description What to draw.
                     */
                    prompt: string;
                    /** Safety Checker */
                    safety_checker?: boolean | null;
                    /** Safety Checker Type */
                    safety_checker_type?: string | null;
                    /**
                     * Samples
                     * @description Images per request (1–4).
                     */
                    samples?: number | null;
                    /**
                     * Scheduler
                     * @description A diffusers scheduler class name.
                     */
                    scheduler?: string | null;
                    /**
                     * Seed
                     * @description null for a random seed (reported in meta.seed).
                     */
                    seed?: number | null;
                    /** Self Attention */
                    self_attention?: boolean | null;
                    /**
                     * Steps
                     * @description Older name of num_inference_steps.
                     */
                    steps?: number | null;
                    /** Strength */
                    strength?: number | null;
                    /**
                     * Temp
                     * @description Accepted; images always expire with their links.
                     */
                    temp?: boolean | null;
                    /** Tomesd */
                    tomesd?: boolean | null;
                    /**
                     * Track Id
                     * @description Echoed in the webhook call.
                     */
                    track_id?: string | null;
                    /** Upscale */
                    upscale?: string | null;
                    /**
                     * Use Karras Sigmas
                     * @description Karras sigmas where the scheduler has them.
                     */
                    use_karras_sigmas?: boolean | null;
                    /** Vae */
                    vae?: string | null;
                    /**
                     * Webhook
                     * @description URL called with the result when the job ends.
                     */
                    webhook?: string | null;
                    /** Width */
                    width?: number | null;
                };
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The job's estimated cost does not fit the key's budget. */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The resource is in a state that forbids the action. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Too many requests, or the key's quota is used up; Retry-After says when to try again. */
            429: {
                headers: {
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description A hosted provider failed. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The job or the hosted provider did not finish in time. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
        };
    };
    modelslab_api_v6_images_img2img: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Algorithm Type
                     * @description 'dpmsolver+++' selects DPM++ 2M SDE.
                     */
                    algorithm_type?: string | null;
                    /**
                     * Base64
                     * @description Answer base64 images in output instead of URLs.
                     */
                    base64?: boolean | null;
                    /** Clip Skip */
                    clip_skip?: number | null;
                    /**
                     * Enhance Prompt
                     * @description Accepted; prompts are never rewritten here.
                     */
                    enhance_prompt?: boolean | null;
                    /** Enhance Style */
                    enhance_style?: string | null;
                    /** Guidance Scale */
                    guidance_scale?: number | null;
                    /** Height */
                    height?: number | null;
                    /** Highres Fix */
                    highres_fix?: boolean | null;
                    /**
                     * Init Image
                     * @description The image to start from: an http(s) URL or base64.
                     */
                    init_image: string;
                    /**
                     * Instant Response
                     * @description Answer 'processing' at once, without waiting.
                     */
                    instant_response?: boolean | null;
                    /** Ip Adapter Id */
                    ip_adapter_id?: string | null;
                    /** Ip Adapter Image */
                    ip_adapter_image?: string | null;
                    /** Ip Adapter Scale */
                    ip_adapter_scale?: number | null;
                    /**
                     * Key
                     * @description Your imagegate API key (or send it as Bearer / a 'key' header).
                     */
                    key?: string | null;
                    /**
                     * Lora Model
                     * @description Comma-separated LoRA ids.
                     */
                    lora_model?: string | null;
                    /**
                     * Lora Strength
                     * @description Comma-separated weights, one per LoRA.
                     */
                    lora_strength?: string | null;
                    /**
                     * Model Id
                     * @description Catalog model id or alias; omit for the default model.
                     */
                    model_id?: string | null;
                    /** Multi Lingual */
                    multi_lingual?: boolean | null;
                    /** Negative Prompt */
                    negative_prompt?: string | null;
                    /** Num Inference Steps */
                    num_inference_steps?: number | null;
                    /** Panorama */
                    panorama?: boolean | null;
                    /**
                     * Prompt
                     * @description What to draw.
                     */
                    prompt: string;
                    /** Safety Checker */
                    safety_checker?: boolean | null;
                    /** Safety Checker Type */
                    safety_checker_type?: string | null;
                    /**
                     * Samples
                     * @description Images per request (1–4).
                     */
                    samples?: number | null;
                    /**
                     * Scheduler
                     * @description A diffusers scheduler class name.
                     */
                    scheduler?: string | null;
                    /**
                     * Seed
                     * @description null for a random seed (reported in meta.seed).
                     */
                    seed?: number | null;
                    /** Self Attention */
                    self_attention?: boolean | null;
                    /**
                     * Steps
                     * @description Older name of num_inference_steps.
                     */
                    steps?: number | null;
                    /**
                     * Strength
                     * @description How much to change it (0–1].
                     */
                    strength?: number | null;
                    /**
                     * Temp
                     * @description Accepted; images always expire with their links.
                     */
                    temp?: boolean | null;
                    /** Tomesd */
                    tomesd?: boolean | null;
                    /**
                     * Track Id
                     * @description Echoed in the webhook call.
                     */
                    track_id?: string | null;
                    /** Upscale */
                    upscale?: string | null;
                    /**
                     * Use Karras Sigmas
                     * @description Karras sigmas where the scheduler has them.
                     */
                    use_karras_sigmas?: boolean | null;
                    /** Vae */
                    vae?: string | null;
                    /**
                     * Webhook
                     * @description URL called with the result when the job ends.
                     */
                    webhook?: string | null;
                    /** Width */
                    width?: number | null;
                };
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The job's estimated cost does not fit the key's budget. */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The resource is in a state that forbids the action. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Too many requests, or the key's quota is used up; Retry-After says when to try again. */
            429: {
                headers: {
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description A hosted provider failed. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The job or the hosted provider did not finish in time. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
        };
    };
    modelslab_api_v6_images_inpaint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Algorithm Type
                     * @description 'dpmsolver+++' selects DPM++ 2M SDE.
                     */
                    algorithm_type?: string | null;
                    /**
                     * Base64
                     * @description Answer base64 images in output instead of URLs.
                     */
                    base64?: boolean | null;
                    /** Clip Skip */
                    clip_skip?: number | null;
                    /**
                     * Enhance Prompt
                     * @description Accepted; prompts are never rewritten here.
                     */
                    enhance_prompt?: boolean | null;
                    /** Enhance Style */
                    enhance_style?: string | null;
                    /** Guidance Scale */
                    guidance_scale?: number | null;
                    /** Height */
                    height?: number | null;
                    /** Highres Fix */
                    highres_fix?: boolean | null;
                    /**
                     * Init Image
                     * @description The image to start from: an http(s) URL or base64.
                     */
                    init_image: string;
                    /**
                     * Instant Response
                     * @description Answer 'processing' at once, without waiting.
                     */
                    instant_response?: boolean | null;
                    /** Ip Adapter Id */
                    ip_adapter_id?: string | null;
                    /** Ip Adapter Image */
                    ip_adapter_image?: string | null;
                    /** Ip Adapter Scale */
                    ip_adapter_scale?: number | null;
                    /**
                     * Key
                     * @description Your imagegate API key (or send it as Bearer / a 'key' header).
                     */
                    key?: string | null;
                    /**
                     * Lora Model
                     * @description Comma-separated LoRA ids.
                     */
                    lora_model?: string | null;
                    /**
                     * Lora Strength
                     * @description Comma-separated weights, one per LoRA.
                     */
                    lora_strength?: string | null;
                    /**
                     * Mask Image
                     * @description White pixels are repainted, black pixels are kept.
                     */
                    mask_image: string;
                    /**
                     * Model Id
                     * @description Catalog model id or alias; omit for the default model.
                     */
                    model_id?: string | null;
                    /** Multi Lingual */
                    multi_lingual?: boolean | null;
                    /** Negative Prompt */
                    negative_prompt?: string | null;
                    /** Num Inference Steps */
                    num_inference_steps?: number | null;
                    /** Panorama */
                    panorama?: boolean | null;
                    /**
                     * Prompt
                     * @description What to draw.
                     */
                    prompt: string;
                    /** Safety Checker */
                    safety_checker?: boolean | null;
                    /** Safety Checker Type */
                    safety_checker_type?: string | null;
                    /**
                     * Samples
                     * @description Images per request (1–4).
                     */
                    samples?: number | null;
                    /**
                     * Scheduler
                     * @description A diffusers scheduler class name.
                     */
                    scheduler?: string | null;
                    /**
                     * Seed
                     * @description null for a random seed (reported in meta.seed).
                     */
                    seed?: number | null;
                    /** Self Attention */
                    self_attention?: boolean | null;
                    /**
                     * Steps
                     * @description Older name of num_inference_steps.
                     */
                    steps?: number | null;
                    /**
                     * Strength
                     * @description How much to change it (0–1].
                     */
                    strength?: number | null;
                    /**
                     * Temp
                     * @description Accepted; images always expire with their links.
                     */
                    temp?: boolean | null;
                    /** Tomesd */
                    tomesd?: boolean | null;
                    /**
                     * Track Id
                     * @description Echoed in the webhook call.
                     */
                    track_id?: string | null;
                    /** Upscale */
                    upscale?: string | null;
                    /**
                     * Use Karras Sigmas
                     * @description Karras sigmas where the scheduler has them.
                     */
                    use_karras_sigmas?: boolean | null;
                    /** Vae */
                    vae?: string | null;
                    /**
                     * Webhook
                     * @description URL called with the result when the job ends.
                     */
                    webhook?: string | null;
                    /** Width */
                    width?: number | null;
                };
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The job's estimated cost does not fit the key's budget. */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The resource is in a state that forbids the action. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Too many requests, or the key's quota is used up; Retry-After says when to try again. */
            429: {
                headers: {
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description A hosted provider failed. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The job or the hosted provider did not finish in time. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
        };
    };
    model_reload_api_v6_images_model_reload_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Base64
                     * @description Answer base64 images in output instead of URLs.
                     */
                    base64?: boolean | null;
                    /**
                     * Key
                     * @description Your imagegate API key (or send it as Bearer / a 'key' header).
                     */
                    key?: string | null;
                    /** Model Id */
                    model_id: string;
                    /**
                     * Temp
                     * @description Accepted; images always expire with their links.
                     */
                    temp?: boolean | null;
                    /**
                     * Track Id
                     * @description Echoed in the webhook call.
                     */
                    track_id?: string | null;
                    /**
                     * Webhook
                     * @description URL called with the result when the job ends.
                     */
                    webhook?: string | null;
                };
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
        };
    };
    modelslab_api_v6_images_text2img: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Algorithm Type
                     * @description 'dpmsolver+++' selects DPM++ 2M SDE.
                     */
                    algorithm_type?: string | null;
                    /**
                     * Base64
                     * @description Answer base64 images in output instead of URLs.
                     */
                    base64?: boolean | null;
                    /** Clip Skip */
                    clip_skip?: number | null;
                    /**
                     * Enhance Prompt
                     * @description Accepted; prompts are never rewritten here.
                     */
                    enhance_prompt?: boolean | null;
                    /** Enhance Style */
                    enhance_style?: string | null;
                    /** Guidance Scale */
                    guidance_scale?: number | null;
                    /** Height */
                    height?: number | null;
                    /** Highres Fix */
                    highres_fix?: boolean | null;
                    /**
                     * Instant Response
                     * @description Answer 'processing' at once, without waiting.
                     */
                    instant_response?: boolean | null;
                    /** Ip Adapter Id */
                    ip_adapter_id?: string | null;
                    /** Ip Adapter Image */
                    ip_adapter_image?: string | null;
                    /** Ip Adapter Scale */
                    ip_adapter_scale?: number | null;
                    /**
                     * Key
                     * @description Your imagegate API key (or send it as Bearer / a 'key' header).
                     */
                    key?: string | null;
                    /**
                     * Lora Model
                     * @description Comma-separated LoRA ids.
                     */
                    lora_model?: string | null;
                    /**
                     * Lora Strength
                     * @description Comma-separated weights, one per LoRA.
                     */
                    lora_strength?: string | null;
                    /**
                     * Model Id
                     * @description Catalog model id or alias; omit for the default model.
                     */
                    model_id?: string | null;
                    /** Multi Lingual */
                    multi_lingual?: boolean | null;
                    /** Negative Prompt */
                    negative_prompt?: string | null;
                    /** Num Inference Steps */
                    num_inference_steps?: number | null;
                    /** Panorama */
                    panorama?: boolean | null;
                    /**
                     * Prompt
                     * @description What to draw.
                     */
                    prompt: string;
                    /** Safety Checker */
                    safety_checker?: boolean | null;
                    /** Safety Checker Type */
                    safety_checker_type?: string | null;
                    /**
                     * Samples
                     * @description Images per request (1–4).
                     */
                    samples?: number | null;
                    /**
                     * Scheduler
                     * @description A diffusers scheduler class name.
                     */
                    scheduler?: string | null;
                    /**
                     * Seed
                     * @description null for a random seed (reported in meta.seed).
                     */
                    seed?: number | null;
                    /** Self Attention */
                    self_attention?: boolean | null;
                    /**
                     * Steps
                     * @description Older name of num_inference_steps.
                     */
                    steps?: number | null;
                    /**
                     * Temp
                     * @description Accepted; images always expire with their links.
                     */
                    temp?: boolean | null;
                    /** Tomesd */
                    tomesd?: boolean | null;
                    /**
                     * Track Id
                     * @description Echoed in the webhook call.
                     */
                    track_id?: string | null;
                    /** Upscale */
                    upscale?: string | null;
                    /**
                     * Use Karras Sigmas
                     * @description Karras sigmas where the scheduler has them.
                     */
                    use_karras_sigmas?: boolean | null;
                    /** Vae */
                    vae?: string | null;
                    /**
                     * Webhook
                     * @description URL called with the result when the job ends.
                     */
                    webhook?: string | null;
                    /** Width */
                    width?: number | null;
                };
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The job's estimated cost does not fit the key's budget. */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The resource is in a state that forbids the action. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Too many requests, or the key's quota is used up; Retry-After says when to try again. */
            429: {
                headers: {
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description A hosted provider failed. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The job or the hosted provider did not finish in time. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
        };
    };
    modelslab_api_v6_realtime_img2img: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Algorithm Type
                     * @description 'dpmsolver+++' selects DPM++ 2M SDE.
                     */
                    algorithm_type?: string | null;
                    /**
                     * Base64
                     * @description Answer base64 images in output instead of URLs.
                     */
                    base64?: boolean | null;
                    /** Clip Skip */
                    clip_skip?: number | null;
                    /**
                     * Enhance Prompt
                     * @description Accepted; prompts are never rewritten here.
                     */
                    enhance_prompt?: boolean | null;
                    /** Enhance Style */
                    enhance_style?: string | null;
                    /** Guidance Scale */
                    guidance_scale?: number | null;
                    /** Height */
                    height?: number | null;
                    /** Highres Fix */
                    highres_fix?: boolean | null;
                    /**
                     * Init Image
                     * @description The image to start from: an http(s) URL or base64.
                     */
                    init_image: string;
                    /**
                     * Instant Response
                     * @description Answer 'processing' at once, without waiting.
                     */
                    instant_response?: boolean | null;
                    /** Ip Adapter Id */
                    ip_adapter_id?: string | null;
                    /** Ip Adapter Image */
                    ip_adapter_image?: string | null;
                    /** Ip Adapter Scale */
                    ip_adapter_scale?: number | null;
                    /**
                     * Key
                     * @description Your imagegate API key (or send it as Bearer / a 'key' header).
                     */
                    key?: string | null;
                    /**
                     * Lora Model
                     * @description Comma-separated LoRA ids.
                     */
                    lora_model?: string | null;
                    /**
                     * Lora Strength
                     * @description Comma-separated weights, one per LoRA.
                     */
                    lora_strength?: string | null;
                    /**
                     * Model Id
                     * @description Catalog model id or alias; omit for the default model.
                     */
                    model_id?: string | null;
                    /** Multi Lingual */
                    multi_lingual?: boolean | null;
                    /** Negative Prompt */
                    negative_prompt?: string | null;
                    /** Num Inference Steps */
                    num_inference_steps?: number | null;
                    /** Panorama */
                    panorama?: boolean | null;
                    /**
                     * Prompt
                     * @description What to draw.
                     */
                    prompt: string;
                    /** Safety Checker */
                    safety_checker?: boolean | null;
                    /** Safety Checker Type */
                    safety_checker_type?: string | null;
                    /**
                     * Samples
                     * @description Images per request (1–4).
                     */
                    samples?: number | null;
                    /**
                     * Scheduler
                     * @description A diffusers scheduler class name.
                     */
                    scheduler?: string | null;
                    /**
                     * Seed
                     * @description null for a random seed (reported in meta.seed).
                     */
                    seed?: number | null;
                    /** Self Attention */
                    self_attention?: boolean | null;
                    /**
                     * Steps
                     * @description Older name of num_inference_steps.
                     */
                    steps?: number | null;
                    /**
                     * Strength
                     * @description How much to change it (0–1].
                     */
                    strength?: number | null;
                    /**
                     * Temp
                     * @description Accepted; images always expire with their links.
                     */
                    temp?: boolean | null;
                    /** Tomesd */
                    tomesd?: boolean | null;
                    /**
                     * Track Id
                     * @description Echoed in the webhook call.
                     */
                    track_id?: string | null;
                    /** Upscale */
                    upscale?: string | null;
                    /**
                     * Use Karras Sigmas
                     * @description Karras sigmas where the scheduler has them.
                     */
                    use_karras_sigmas?: boolean | null;
                    /** Vae */
                    vae?: string | null;
                    /**
                     * Webhook
                     * @description URL called with the result when the job ends.
                     */
                    webhook?: string | null;
                    /** Width */
                    width?: number | null;
                };
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The job's estimated cost does not fit the key's budget. */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The resource is in a state that forbids the action. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Too many requests, or the key's quota is used up; Retry-After says when to try again. */
            429: {
                headers: {
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description A hosted provider failed. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The job or the hosted provider did not finish in time. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
        };
    };
    modelslab_api_v6_realtime_inpaint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Algorithm Type
                     * @description 'dpmsolver+++' selects DPM++ 2M SDE.
                     */
                    algorithm_type?: string | null;
                    /**
                     * Base64
                     * @description Answer base64 images in output instead of URLs.
                     */
                    base64?: boolean | null;
                    /** Clip Skip */
                    clip_skip?: number | null;
                    /**
                     * Enhance Prompt
                     * @description Accepted; prompts are never rewritten here.
                     */
                    enhance_prompt?: boolean | null;
                    /** Enhance Style */
                    enhance_style?: string | null;
                    /** Guidance Scale */
                    guidance_scale?: number | null;
                    /** Height */
                    height?: number | null;
                    /** Highres Fix */
                    highres_fix?: boolean | null;
                    /**
                     * Init Image
                     * @description The image to start from: an http(s) URL or base64.
                     */
                    init_image: string;
                    /**
                     * Instant Response
                     * @description Answer 'processing' at once, without waiting.
                     */
                    instant_response?: boolean | null;
                    /** Ip Adapter Id */
                    ip_adapter_id?: string | null;
                    /** Ip Adapter Image */
                    ip_adapter_image?: string | null;
                    /** Ip Adapter Scale */
                    ip_adapter_scale?: number | null;
                    /**
                     * Key
                     * @description Your imagegate API key (or send it as Bearer / a 'key' header).
                     */
                    key?: string | null;
                    /**
                     * Lora Model
                     * @description Comma-separated LoRA ids.
                     */
                    lora_model?: string | null;
                    /**
                     * Lora Strength
                     * @description Comma-separated weights, one per LoRA.
                     */
                    lora_strength?: string | null;
                    /**
                     * Mask Image
                     * @description White pixels are repainted, black pixels are kept.
                     */
                    mask_image: string;
                    /**
                     * Model Id
                     * @description Catalog model id or alias; omit for the default model.
                     */
                    model_id?: string | null;
                    /** Multi Lingual */
                    multi_lingual?: boolean | null;
                    /** Negative Prompt */
                    negative_prompt?: string | null;
                    /** Num Inference Steps */
                    num_inference_steps?: number | null;
                    /** Panorama */
                    panorama?: boolean | null;
                    /**
                     * Prompt
                     * @description What to draw.
                     */
                    prompt: string;
                    /** Safety Checker */
                    safety_checker?: boolean | null;
                    /** Safety Checker Type */
                    safety_checker_type?: string | null;
                    /**
                     * Samples
                     * @description Images per request (1–4).
                     */
                    samples?: number | null;
                    /**
                     * Scheduler
                     * @description A diffusers scheduler class name.
                     */
                    scheduler?: string | null;
                    /**
                     * Seed
                     * @description null for a random seed (reported in meta.seed).
                     */
                    seed?: number | null;
                    /** Self Attention */
                    self_attention?: boolean | null;
                    /**
                     * Steps
                     * @description Older name of num_inference_steps.
                     */
                    steps?: number | null;
                    /**
                     * Strength
                     * @description How much to change it (0–1].
                     */
                    strength?: number | null;
                    /**
                     * Temp
                     * @description Accepted; images always expire with their links.
                     */
                    temp?: boolean | null;
                    /** Tomesd */
                    tomesd?: boolean | null;
                    /**
                     * Track Id
                     * @description Echoed in the webhook call.
                     */
                    track_id?: string | null;
                    /** Upscale */
                    upscale?: string | null;
                    /**
                     * Use Karras Sigmas
                     * @description Karras sigmas where the scheduler has them.
                     */
                    use_karras_sigmas?: boolean | null;
                    /** Vae */
                    vae?: string | null;
                    /**
                     * Webhook
                     * @description URL called with the result when the job ends.
                     */
                    webhook?: string | null;
                    /** Width */
                    width?: number | null;
                };
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The job's estimated cost does not fit the key's budget. */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The resource is in a state that forbids the action. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Too many requests, or the key's quota is used up; Retry-After says when to try again. */
            429: {
                headers: {
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description A hosted provider failed. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The job or the hosted provider did not finish in time. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
        };
    };
    modelslab_api_v6_realtime_text2img: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Algorithm Type
                     * @description 'dpmsolver+++' selects DPM++ 2M SDE.
                     */
                    algorithm_type?: string | null;
                    /**
                     * Base64
                     * @description Answer base64 images in output instead of URLs.
                     */
                    base64?: boolean | null;
                    /** Clip Skip */
                    clip_skip?: number | null;
                    /**
                     * Enhance Prompt
                     * @description Accepted; prompts are never rewritten here.
                     */
                    enhance_prompt?: boolean | null;
                    /** Enhance Style */
                    enhance_style?: string | null;
                    /** Guidance Scale */
                    guidance_scale?: number | null;
                    /** Height */
                    height?: number | null;
                    /** Highres Fix */
                    highres_fix?: boolean | null;
                    /**
                     * Instant Response
                     * @description Answer 'processing' at once, without waiting.
                     */
                    instant_response?: boolean | null;
                    /** Ip Adapter Id */
                    ip_adapter_id?: string | null;
                    /** Ip Adapter Image */
                    ip_adapter_image?: string | null;
                    /** Ip Adapter Scale */
                    ip_adapter_scale?: number | null;
                    /**
                     * Key
                     * @description Your imagegate API key (or send it as Bearer / a 'key' header).
                     */
                    key?: string | null;
                    /**
                     * Lora Model
                     * @description Comma-separated LoRA ids.
                     */
                    lora_model?: string | null;
                    /**
                     * Lora Strength
                     * @description Comma-separated weights, one per LoRA.
                     */
                    lora_strength?: string | null;
                    /**
                     * Model Id
                     * @description Catalog model id or alias; omit for the default model.
                     */
                    model_id?: string | null;
                    /** Multi Lingual */
                    multi_lingual?: boolean | null;
                    /** Negative Prompt */
                    negative_prompt?: string | null;
                    /** Num Inference Steps */
                    num_inference_steps?: number | null;
                    /** Panorama */
                    panorama?: boolean | null;
                    /**
                     * Prompt
                     * @description What to draw.
                     */
                    prompt: string;
                    /** Safety Checker */
                    safety_checker?: boolean | null;
                    /** Safety Checker Type */
                    safety_checker_type?: string | null;
                    /**
                     * Samples
                     * @description Images per request (1–4).
                     */
                    samples?: number | null;
                    /**
                     * Scheduler
                     * @description A diffusers scheduler class name.
                     */
                    scheduler?: string | null;
                    /**
                     * Seed
                     * @description null for a random seed (reported in meta.seed).
                     */
                    seed?: number | null;
                    /** Self Attention */
                    self_attention?: boolean | null;
                    /**
                     * Steps
                     * @description Older name of num_inference_steps.
                     */
                    steps?: number | null;
                    /**
                     * Temp
                     * @description Accepted; images always expire with their links.
                     */
                    temp?: boolean | null;
                    /** Tomesd */
                    tomesd?: boolean | null;
                    /**
                     * Track Id
                     * @description Echoed in the webhook call.
                     */
                    track_id?: string | null;
                    /** Upscale */
                    upscale?: string | null;
                    /**
                     * Use Karras Sigmas
                     * @description Karras sigmas where the scheduler has them.
                     */
                    use_karras_sigmas?: boolean | null;
                    /** Vae */
                    vae?: string | null;
                    /**
                     * Webhook
                     * @description URL called with the result when the job ends.
                     */
                    webhook?: string | null;
                    /** Width */
                    width?: number | null;
                };
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The job's estimated cost does not fit the key's budget. */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The resource is in a state that forbids the action. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Too many requests, or the key's quota is used up; Retry-After says when to try again. */
            429: {
                headers: {
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description A hosted provider failed. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
            /** @description The job or the hosted provider did not finish in time. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelslabError"];
                };
            };
        };
    };
    healthz_healthz_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: string;
                    };
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    metrics_metrics_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readyz_readyz_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cmd_flags_sdapi_v1_cmd_flags_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
        };
    };
    embeddings_sdapi_v1_embeddings_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
        };
    };
    extensions_sdapi_v1_extensions_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    }[];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
        };
    };
    extra_single_image_sdapi_v1_extra_single_image_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ExtrasSingleImageBody"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExtrasSingleImageResponse"];
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The job's estimated cost does not fit the key's budget. */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The resource is in a state that forbids the action. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Too many requests, or the key's quota is used up; Retry-After says when to try again. */
            429: {
                headers: {
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description A hosted provider failed. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The job or the hosted provider did not finish in time. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
        };
    };
    face_restorers_sdapi_v1_face_restorers_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    }[];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
        };
    };
    hypernetworks_sdapi_v1_hypernetworks_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    }[];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
        };
    };
    img2img_sdapi_v1_img2img_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Img2ImgBody"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GenerationResponse"];
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The job's estimated cost does not fit the key's budget. */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The resource is in a state that forbids the action. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Too many requests, or the key's quota is used up; Retry-After says when to try again. */
            429: {
                headers: {
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description A hosted provider failed. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The job or the hosted provider did not finish in time. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
        };
    };
    interrupt_sdapi_v1_interrupt_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
        };
    };
    loras_sdapi_v1_loras_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoraItem"][];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
        };
    };
    memory_sdapi_v1_memory_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
        };
    };
    get_options_sdapi_v1_options_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
        };
    };
    set_options_sdapi_v1_options_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
        };
    };
    png_info_sdapi_v1_png_info_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PngInfoBody"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PngInfoResponse"];
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
        };
    };
    progress_sdapi_v1_progress_get: {
        parameters: {
            query?: {
                skip_current_image?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProgressResponse"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
        };
    };
    prompt_styles_sdapi_v1_prompt_styles_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    }[];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
        };
    };
    realesrgan_models_sdapi_v1_realesrgan_models_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    }[];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
        };
    };
    refresh_checkpoints_sdapi_v1_refresh_checkpoints_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
        };
    };
    refresh_loras_sdapi_v1_refresh_loras_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
        };
    };
    samplers_sdapi_v1_samplers_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SamplerItem"][];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
        };
    };
    schedulers_sdapi_v1_schedulers_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SchedulerItem"][];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
        };
    };
    script_info_sdapi_v1_script_info_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    }[];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
        };
    };
    scripts_sdapi_v1_scripts_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: string[];
                    };
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
        };
    };
    sd_models_sdapi_v1_sd_models_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SDModelItem"][];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
        };
    };
    sd_vae_sdapi_v1_sd_vae_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SDVaeItem"][];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
        };
    };
    txt2img_sdapi_v1_txt2img_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Txt2ImgBody"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GenerationResponse"];
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The job's estimated cost does not fit the key's budget. */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The resource is in a state that forbids the action. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Too many requests, or the key's quota is used up; Retry-After says when to try again. */
            429: {
                headers: {
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description A hosted provider failed. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The job or the hosted provider did not finish in time. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
        };
    };
    upscalers_sdapi_v1_upscalers_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UpscalerItem"][];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A1111Error"];
                };
            };
        };
    };
    list_annotators_v1_annotators_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnnotatorList"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    add_annotator_v1_annotators_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AnnotatorCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnnotatorOut"];
                };
            };
            /** @description Pulling: follow GET …/{id}/events; the entry's status is 'downloading' until ready. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The resource is in a state that forbids the action. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delete_annotator_v1_annotators__annotator_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                annotator_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Deleted"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Method not allowed */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The resource is in a state that forbids the action. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patch_annotator_v1_annotators__annotator_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                annotator_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AnnotatorPatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnnotatorOut"];
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Method not allowed */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The resource is in a state that forbids the action. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    annotator_events_v1_annotators__annotator_id__events_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                annotator_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Events `progress` (bytes_done, bytes_total, fraction, rate_bps, eta_s) while it downloads, then one of `ready`, `failed` (with `error`) or `removed`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": unknown;
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_controlnets_v1_controlnets_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ControlNetList"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    add_controlnet_v1_controlnets_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ControlNetCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ControlNetOut"];
                };
            };
            /** @description Pulling: follow GET …/{id}/events; the entry's status is 'downloading' until ready. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The resource is in a state that forbids the action. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delete_controlnet_v1_controlnets__controlnet_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                controlnet_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Deleted"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Method not allowed */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The resource is in a state that forbids the action. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patch_controlnet_v1_controlnets__controlnet_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                controlnet_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ControlNetPatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ControlNetOut"];
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Method not allowed */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The resource is in a state that forbids the action. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    controlnet_events_v1_controlnets__controlnet_id__events_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                controlnet_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Events `progress` (bytes_done, bytes_total, fraction, rate_bps, eta_s) while it downloads, then one of `ready`, `failed` (with `error`) or `removed`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": unknown;
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_face_restorers_v1_face_restorers_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FaceRestorerList"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_images_v1_images_get: {
        parameters: {
            query?: {
                /** @description next_cursor of the previous page. */
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImageList"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_image_v1_images__image_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                image_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImageMeta"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Method not allowed */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    image_content_v1_images__image_id__content_get: {
        parameters: {
            query?: {
                expires?: number | null;
                signature?: string | null;
            };
            header?: never;
            path: {
                image_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The image bytes. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/png": unknown;
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    converted_v1_images__image_id__converted__output_format__get: {
        parameters: {
            query: {
                expires: number;
                quality?: number | null;
                signature: string;
            };
            header?: never;
            path: {
                image_id: string;
                output_format: "png" | "jpeg" | "webp";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/jpeg": unknown;
                    "image/webp": unknown;
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    edits_v1_images_edits_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Background
                     * @description auto or opaque; transparent backgrounds cannot be generated here.
                     */
                    background?: ("auto" | "opaque" | "transparent") | null;
                    /** Images */
                    images: {
                        /**
                         * File Id
                         * @description Not supported: imagegate has no Files API.
                         */
                        file_id?: string | null;
                        /**
                         * Image Url
                         * @description An https URL or a data: URL.
                         */
                        image_url?: string | null;
                    }[];
                    /**
                     * Input Fidelity
                     * @description Accepted, no effect.
                     */
                    input_fidelity?: ("high" | "low") | null;
                    mask?: {
                        /**
                         * File Id
                         * @description Not supported: imagegate has no Files API.
                         */
                        file_id?: string | null;
                        /**
                         * Image Url
                         * @description An https URL or a data: URL.
                         */
                        image_url?: string | null;
                    } | null;
                    /**
                     * Model
                     * @description A catalog model id, or an alias from the server's model_aliases (e.g. dall-e-3). Omit for the server's default model.
                     */
                    model?: string | null;
                    /** Moderation */
                    moderation?: ("auto" | "low") | null;
                    /**
                     * N
                     * @description How many images (1–10).
                     */
                    n?: number | null;
                    /**
                     * Output Compression
                     * @description jpeg/webp quality, 0–100.
                     */
                    output_compression?: number | null;
                    /**
                     * Output Format
                     * @description png (default), jpeg or webp.
                     */
                    output_format?: ("png" | "jpeg" | "webp") | null;
                    /**
                     * Partial Images
                     * @description Partial images to stream (0–3).
                     */
                    partial_images?: number | null;
                    /**
                     * Prompt
                     * @description What the edited image should show.
                     */
                    prompt: string;
                    /**
                     * Quality
                     * @description Trades time for detail: low = half the model's steps, high/hd = 1.5×, xhigh/max = 2×; auto/medium/standard = the model's default.
                     */
                    quality?: ("auto" | "low" | "medium" | "high" | "xhigh" | "max" | "standard" | "hd") | null;
                    /**
                     * Response Format
                     * @description 'url' (signed, expiring) or 'b64_json'. Defaults to b64_json for gpt-image model names and url otherwise, as OpenAI does.
                     */
                    response_format?: ("url" | "b64_json") | null;
                    /**
                     * Safety Identifier
                     * @description Accepted, not used.
                     */
                    safety_identifier?: string | null;
                    /**
                     * Size
                     * @description 'WIDTHxHEIGHT' (multiples of 8) or 'auto' for the model's size.
                     */
                    size?: string | null;
                    /**
                     * Stream
                     * @description Send server-sent events with partial images.
                     */
                    stream?: boolean | null;
                    /**
                     * User
                     * @description End-user id (accepted, not used).
                     */
                    user?: string | null;
                };
                "multipart/form-data": {
                    /**
                     * Background
                     * @description auto or opaque; transparent backgrounds cannot be generated here.
                     */
                    background?: ("auto" | "opaque" | "transparent") | null;
                    /** Format: binary */
                    image?: string;
                    "image[]"?: string[];
                    /**
                     * Input Fidelity
                     * @description Accepted, no effect.
                     */
                    input_fidelity?: ("high" | "low") | null;
                    /** Format: binary */
                    mask?: string;
                    /**
                     * Model
                     * @description A catalog model id, or an alias from the server's model_aliases (e.g. dall-e-3). Omit for the server's default model.
                     */
                    model?: string | null;
                    /** Moderation */
                    moderation?: ("auto" | "low") | null;
                    /**
                     * N
                     * @description How many images (1–10).
                     */
                    n?: number | null;
                    /**
                     * Output Compression
                     * @description jpeg/webp quality, 0–100.
                     */
                    output_compression?: number | null;
                    /**
                     * Output Format
                     * @description png (default), jpeg or webp.
                     */
                    output_format?: ("png" | "jpeg" | "webp") | null;
                    /**
                     * Partial Images
                     * @description Partial images to stream (0–3).
                     */
                    partial_images?: number | null;
                    /**
                     * Prompt
                     * @description What the edited image should show.
                     */
                    prompt: string;
                    /**
                     * Quality
                     * @description Trades time for detail: low = half the model's steps, high/hd = 1.5×, xhigh/max = 2×; auto/medium/standard = the model's default.
                     */
                    quality?: ("auto" | "low" | "medium" | "high" | "xhigh" | "max" | "standard" | "hd") | null;
                    /**
                     * Response Format
                     * @description 'url' (signed, expiring) or 'b64_json'. Defaults to b64_json for gpt-image model names and url otherwise, as OpenAI does.
                     */
                    response_format?: ("url" | "b64_json") | null;
                    /**
                     * Safety Identifier
                     * @description Accepted, not used.
                     */
                    safety_identifier?: string | null;
                    /**
                     * Size
                     * @description 'WIDTHxHEIGHT' (multiples of 8) or 'auto' for the model's size.
                     */
                    size?: string | null;
                    /**
                     * Stream
                     * @description Send server-sent events with partial images.
                     */
                    stream?: boolean | null;
                    /**
                     * User
                     * @description End-user id (accepted, not used).
                     */
                    user?: string | null;
                };
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImagesResponse"];
                    /** @description With stream: true — partial_image and completed events. */
                    "text/event-stream": unknown;
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description The job's estimated cost does not fit the key's budget. */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description The resource is in a state that forbids the action. */
            409: {
                headers: {
                    "X-Should-Retry"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description Too many requests, or the key's quota is used up; Retry-After says when to try again. */
            429: {
                headers: {
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    "X-Should-Retry"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description A hosted provider failed. */
            502: {
                headers: {
                    "X-Should-Retry"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description The job or the hosted provider did not finish in time. */
            504: {
                headers: {
                    "X-Should-Retry"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
        };
    };
    generations_v1_images_generations_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ImageGenerateBody"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImagesResponse"];
                    /** @description With stream: true — partial_image and completed events. */
                    "text/event-stream": unknown;
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description The job's estimated cost does not fit the key's budget. */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description The resource is in a state that forbids the action. */
            409: {
                headers: {
                    "X-Should-Retry"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description Too many requests, or the key's quota is used up; Retry-After says when to try again. */
            429: {
                headers: {
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    "X-Should-Retry"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description A hosted provider failed. */
            502: {
                headers: {
                    "X-Should-Retry"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description The job or the hosted provider did not finish in time. */
            504: {
                headers: {
                    "X-Should-Retry"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
        };
    };
    variations_v1_images_variations_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /** Format: binary */
                    image?: string;
                    /**
                     * Model
                     * @description A catalog model id, or an alias from the server's model_aliases (e.g. dall-e-3). Omit for the server's default model.
                     */
                    model?: string | null;
                    /**
                     * N
                     * @description How many images (1–10).
                     */
                    n?: number | null;
                    /**
                     * Prompt
                     * @description imagegate extension: what the variations should show (optional).
                     */
                    prompt?: string | null;
                    /**
                     * Response Format
                     * @description 'url' (signed, expiring) or 'b64_json'. Defaults to b64_json for gpt-image model names and url otherwise, as OpenAI does.
                     */
                    response_format?: ("url" | "b64_json") | null;
                    /**
                     * Size
                     * @description 'WIDTHxHEIGHT' (multiples of 8) or 'auto' for the model's size.
                     */
                    size?: string | null;
                    /**
                     * User
                     * @description End-user id (accepted, not used).
                     */
                    user?: string | null;
                };
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImagesResponse"];
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description The job's estimated cost does not fit the key's budget. */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description The resource is in a state that forbids the action. */
            409: {
                headers: {
                    "X-Should-Retry"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description Too many requests, or the key's quota is used up; Retry-After says when to try again. */
            429: {
                headers: {
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    "X-Should-Retry"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description A hosted provider failed. */
            502: {
                headers: {
                    "X-Should-Retry"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
            /** @description The job or the hosted provider did not finish in time. */
            504: {
                headers: {
                    "X-Should-Retry"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAIError"];
                };
            };
        };
    };
    list_jobs_v1_jobs_get: {
        parameters: {
            query?: {
                /** @description next_cursor of the previous page. */
                cursor?: string | null;
                limit?: number;
                /** @description Filter: one or more statuses, comma-separated. */
                status?: string[] | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobList"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_job_v1_jobs_post: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: string | null;
                prefer?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Txt2ImgJob"] | components["schemas"]["Img2ImgJob"] | components["schemas"]["InpaintJob"] | components["schemas"]["OutpaintJob"] | components["schemas"]["ControlNetJob"] | components["schemas"]["UpscaleJob"] | components["schemas"]["VariationJob"];
                "multipart/form-data": {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description Finished within the Prefer: wait time. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobOut"];
                };
            };
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobOut"];
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The job's estimated cost does not fit the key's budget. */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The resource is in a state that forbids the action. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests, or the key's quota is used up; Retry-After says when to try again. */
            429: {
                headers: {
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A hosted provider failed. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The job or the hosted provider did not finish in time. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_job_v1_jobs__job_id__get: {
        parameters: {
            query?: {
                response_format?: string | null;
            };
            header?: {
                prefer?: string | null;
            };
            path: {
                job_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobOut"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancel_job_v1_jobs__job_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                job_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobOut"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The resource is in a state that forbids the action. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    job_events_v1_jobs__job_id__events_get: {
        parameters: {
            query?: {
                /** @description Resume after this event id (as Last-Event-ID). */
                after?: number | null;
            };
            header?: {
                "Last-Event-ID"?: string | null;
            };
            path: {
                job_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Events `queued` (queue_position, eta_s), `started`, `progress` (step, total, eta_s, sometimes `preview`: a small JPEG as base64), then one of `succeeded`, `failed`, `canceled`; each `data` line is one JSON object and each event's `id` is its number for `Last-Event-ID`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": unknown;
                };
            };
            /** @description The job has ended and the client has already received its final event. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_keys_v1_keys_get: {
        parameters: {
            query?: {
                include_revoked?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KeyList"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_key_v1_keys_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["KeyCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KeyCreated"];
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revoke_key_v1_keys__key_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KeyOut"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_policy_v1_keys__key_id__policy_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KeyPolicyOut"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patch_policy_v1_keys__key_id__policy_patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["KeyPolicyPatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KeyPolicyOut"];
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rotate_webhook_secret_v1_keys__key_id__webhook_secret_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSecretOut"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_limits_v1_limits_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LimitsOut"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_loras_v1_loras_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoraList"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    add_lora_v1_loras_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoraCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoraOut"];
                };
            };
            /** @description Pulling: follow GET …/{id}/events; the entry's status is 'downloading' until ready. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The resource is in a state that forbids the action. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delete_lora_v1_loras__lora_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                lora_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Deleted"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Method not allowed */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The resource is in a state that forbids the action. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patch_lora_v1_loras__lora_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                lora_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoraPatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoraOut"];
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Method not allowed */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The resource is in a state that forbids the action. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    lora_events_v1_loras__lora_id__events_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                lora_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Events `progress` (bytes_done, bytes_total, fraction, rate_bps, eta_s) while it downloads, then one of `ready`, `failed` (with `error`) or `removed`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": unknown;
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_models_v1_models_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelList"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    add_model_v1_models_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ModelCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelOut"];
                };
            };
            /** @description Pulling: follow GET …/{id}/events; the entry's status is 'downloading' until ready. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The resource is in a state that forbids the action. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_model_v1_models__model_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                model_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelOut"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Method not allowed */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delete_model_v1_models__model_id__delete: {
        parameters: {
            query?: {
                /** @description Cancel the model's queued and running jobs instead of refusing. */
                force?: boolean;
            };
            header?: never;
            path: {
                model_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Deleted"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Method not allowed */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The resource is in a state that forbids the action. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patch_model_v1_models__model_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                model_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ModelPatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelOut"];
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Method not allowed */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The resource is in a state that forbids the action. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    model_events_v1_models__model_id__events_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                model_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Events `progress` (bytes_done, bytes_total, fraction, rate_bps, eta_s) while it downloads, then one of `ready`, `failed` (with `error`) or `removed`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": unknown;
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    load_model_v1_models__model_id__load_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                model_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelOut"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_usage_v1_usage_get: {
        parameters: {
            query?: {
                /** @description Last day, inclusive; default: today. */
                end?: string | null;
                /** @description Comma-separated: day, model, key. */
                group_by?: string;
                /** @description Admin keys: one key's usage (default: all keys). */
                key_id?: string | null;
                /** @description First day (YYYY-MM-DD); default: 29 days before end. */
                start?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UsageOut"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key lacks a scope or may not use the model, or a signed link is invalid or has expired. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    disabled_endpoints_v1_webhooks_endpoints_disabled_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DisabledEndpointList"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    enable_endpoint_v1_webhooks_endpoints_enable_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EndpointIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DisabledEndpointList"];
                };
            };
            /** @description The request is malformed or was refused by the content policy. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request body is larger than the server accepts. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_messages_v1_webhooks_messages_get: {
        parameters: {
            query?: {
                /** @description next_cursor of the previous page. */
                cursor?: string | null;
                /** @description Include each message's JSON body. */
                include_payload?: boolean;
                /** @description Only this job's messages. */
                job_id?: string | null;
                limit?: number;
                /** @description Filter. */
                status?: ("pending" | "delivering" | "delivered" | "failed" | "disabled") | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookMessageList"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_message_v1_webhooks_messages__message_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                message_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookMessageOut"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource for this key (or, on some dialects, no such model). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A field has an invalid value; the body names the fields. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_secret_v1_webhooks_secret_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSecretOut"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "Www-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error; the server log has details (under the request id). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is starting or stopping, or every target of a route is unavailable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
